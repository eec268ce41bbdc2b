import { type ColdStartScenario, runColdStart } from './phases/cold-start.ts';
import { type FanOutScenario, runFanOut } from './phases/fan-out.ts';
import { type IntakeScenario, runIntake } from './phases/intake.ts';

/** One phase of the bench, as the orchestrator hands it to a fresh process. */
export type PhaseSpec =
  | { kind: 'intake'; scenario: IntakeScenario }
  | { kind: 'fan-out'; scenario: FanOutScenario }
  | { kind: 'cold-start'; scenario: ColdStartScenario };

/** What the child sends back over IPC. */
export type PhaseMessage = { ok: true; result: unknown } | { ok: false; error: string };

const TAIL_BYTES = 4096;

/**
 * Silences the hub's stdout and stderr (its logs and EMF metrics, which Lambda would ship to
 * CloudWatch Logs) while counting their bytes, and keeps a tail for a failure report.
 */
function quietOutput(): { bytes: () => number; tail: () => string } {
  let bytes = 0;
  let tail = '';
  const swallow = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    bytes += Buffer.byteLength(text);
    tail = (tail + text).slice(-TAIL_BYTES);
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  process.stdout.write = swallow as typeof process.stdout.write;
  process.stderr.write = swallow as typeof process.stderr.write;
  return { bytes: () => bytes, tail: () => tail };
}

async function runPhase(spec: PhaseSpec, logBytes: () => number): Promise<unknown> {
  switch (spec.kind) {
    case 'intake':
      return runIntake(spec.scenario);
    case 'fan-out':
      return runFanOut(spec.scenario, logBytes);
    case 'cold-start':
      return runColdStart(spec.scenario);
  }
}

const send = (message: PhaseMessage) =>
  new Promise<void>((resolve) => {
    if (process.send) process.send(message, () => resolve());
    else resolve();
  });

const output = quietOutput();
const spec = JSON.parse(process.argv[2] ?? '{}') as PhaseSpec;
try {
  const result = await runPhase(spec, output.bytes);
  await send({ ok: true, result });
  process.exit(0);
} catch (error) {
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  await send({ ok: false, error: `${stack}\n--- output tail ---\n${output.tail()}` });
  process.exit(1);
}
