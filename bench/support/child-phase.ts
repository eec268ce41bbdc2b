import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PhaseMessage, PhaseSpec } from '../phase-child.ts';

const CHILD = fileURLToPath(new URL('../phase-child.ts', import.meta.url));

/**
 * Runs one phase in a fresh Node process (its own heap, its own SDK singletons, one hub at a
 * time), with `--expose-gc` so that memory can be read after a full collection.
 */
export function runChildPhase<R>(spec: PhaseSpec): Promise<R> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [JSON.stringify(spec)], {
      execArgv: ['--expose-gc', '--no-warnings', '--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let message: PhaseMessage | undefined;
    child.on('message', (received) => {
      message = received as PhaseMessage;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (message?.ok) resolve(message.result as R);
      else if (message) reject(new Error(`${spec.kind} phase failed:\n${message.error}`));
      else reject(new Error(`${spec.kind} phase exited with ${code} and no result`));
    });
  });
}
