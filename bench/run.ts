import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { stageConfig } from '../infra/stage-config.ts';
import { US_EAST_1 } from './cost/prices.ts';
import { priceRun } from './cost/request-work.ts';
import type { ColdStartResult } from './phases/cold-start.ts';
import type { FanOutResult } from './phases/fan-out.ts';
import type { IntakeResult } from './phases/intake.ts';
import { type BenchResults, formatReport } from './report.ts';
import { COLD_START, DEFAULT_SCALE, EVERY_VENDOR, INTAKE, limitRun } from './scenarios.ts';
import { findShortfalls } from './shortfalls.ts';
import { runChildPhase } from './support/child-phase.ts';

const PHASES = ['intake', 'limit', 'scale', 'every', 'cold'] as const;
type Phase = (typeof PHASES)[number];

/** The size of the limit run: the issue's 1,000 erasures. */
const LIMIT_REQUESTS = 1000;
/** Workers as infra/stateless-stack.ts sizes them (WORKER_MEMORY_MB). */
const WORKER_MEMORY_MB = 512;
const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));

interface Arguments {
  phases: Set<Phase>;
  scale: number[];
  /** Only print the table again from results.json. */
  reportOnly: boolean;
}

function parseArguments(argv: readonly string[]): Arguments {
  let phases = new Set<Phase>(PHASES);
  let scale = DEFAULT_SCALE;
  let reportOnly = false;
  for (const argument of argv) {
    const [name, value = ''] = argument.replace(/^--/, '').split('=');
    if (name === 'only') phases = new Set(value.split(',') as Phase[]);
    else if (name === 'scale') scale = value.split(',').map(Number);
    else if (name === 'report') reportOnly = true;
    else if (name === 'help') {
      console.log(
        'npm run bench [-- --only=intake,limit,scale,every,cold] [--scale=100,1000,3000] | [-- --report]',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${argument}`);
  }
  for (const phase of phases)
    if (!PHASES.includes(phase)) throw new Error(`unknown phase ${phase}`);
  if (scale.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error('--scale takes request counts');
  return { phases, scale, reportOnly };
}

const failures: string[] = [];

/** Runs one phase; a failure is reported and the bench goes on with the next. */
async function phase<R>(name: string, run: () => Promise<R>): Promise<R | undefined> {
  const started = performance.now();
  process.stderr.write(`· ${name} … `);
  try {
    const result = await run();
    process.stderr.write(`${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    return result;
  } catch (error) {
    process.stderr.write('failed\n');
    const message = error instanceof Error ? error.message : String(error);
    failures.push(`${name} failed: ${message.split('\n')[0]}`);
    process.stderr.write(`${message}\n`);
    return undefined;
  }
}

const { phases, scale, reportOnly } = parseArguments(process.argv.slice(2));
if (reportOnly) {
  const saved = JSON.parse(readFileSync(RESULTS, 'utf8')) as BenchResults;
  const phaseFailures = saved.shortfalls.filter((line) => line.includes(' failed: '));
  saved.shortfalls = [...phaseFailures, ...findShortfalls(saved)];
  console.log(formatReport(saved));
  process.exit(0);
}
const startedAt = new Date();
const started = performance.now();
const loadAverageAtStart = loadavg();
const results: BenchResults = {
  meta: {
    startedAt: startedAt.toISOString(),
    durationSeconds: 0,
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    loadAverageAtStart,
    loadAverageAtEnd: [],
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  },
  scale: [],
  shortfalls: [],
};

if (phases.has('intake')) {
  results.intake = await phase('intake', () =>
    runChildPhase<IntakeResult>({ kind: 'intake', scenario: INTAKE }),
  );
}
if (phases.has('every')) {
  results.everyVendor = await phase('every vendor at its documented limit', () =>
    runChildPhase<FanOutResult>({ kind: 'fan-out', scenario: EVERY_VENDOR }),
  );
}
const sizes = new Set<number>();
if (phases.has('scale')) for (const n of scale) sizes.add(n);
if (phases.has('limit')) sizes.add(LIMIT_REQUESTS);
for (const n of [...sizes].sort((a, b) => a - b)) {
  const run = await phase(`fan-out of ${n}`, () =>
    runChildPhase<FanOutResult>({ kind: 'fan-out', scenario: limitRun(n) }),
  );
  if (!run) continue;
  if (n === LIMIT_REQUESTS && phases.has('limit')) results.limitRun = run;
  if (phases.has('scale') && scale.includes(n)) results.scale.push(run);
}
if (phases.has('cold')) {
  results.coldStart = await phase('cold start', () =>
    runChildPhase<ColdStartResult>({ kind: 'cold-start', scenario: COLD_START }),
  );
}

// The API's own time for one call (the submission or an ack): the intake's warm, uncontended p50,
// an upper bound since it includes the local HTTP hop.
const apiMs = results.intake?.levels[0]?.intake.latency.p50 ?? 10;
const memory = { apiMb: stageConfig('prod').apiMemoryMb, workerMb: WORKER_MEMORY_MB };
if (results.everyVendor || results.limitRun) {
  results.cost = {
    prices: US_EAST_1,
    apiMsPerInvocation: apiMs,
    everyVendor: results.everyVendor && priceRun(results.everyVendor, apiMs, memory, US_EAST_1),
    limitRun: results.limitRun && priceRun(results.limitRun, apiMs, memory, US_EAST_1),
  };
}

results.meta.loadAverageAtEnd = loadavg();
results.meta.durationSeconds = (performance.now() - started) / 1000;
results.shortfalls = [...failures, ...findShortfalls(results)];
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
console.log(formatReport(results));
console.log(`\nwritten to ${RESULTS}`);
