import type { CostEstimate } from './cost/model.ts';
import type { PriceList } from './cost/prices.ts';
import type { PricedRun } from './cost/request-work.ts';
import { busyShare, heapRetained, limiterLoad, redispatched, retainedSlope } from './figures.ts';
import type { ColdStartResult } from './phases/cold-start.ts';
import type { FanOutResult } from './phases/fan-out.ts';
import type { IntakeResult } from './phases/intake.ts';
import { mib } from './support/memory.ts';
import { fixed, table } from './support/table.ts';

/** Everything one `npm run bench` measured; also what results.json holds. */
export interface BenchResults {
  meta: {
    startedAt: string;
    durationSeconds: number;
    node: string;
    cpus: number;
    cpuModel: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
    command: string;
  };
  intake?: IntakeResult;
  limitRun?: FanOutResult;
  everyVendor?: FanOutResult;
  scale: FanOutResult[];
  coldStart?: ColdStartResult;
  cost?: {
    prices: PriceList;
    /** The API Lambda's duration per call the costs assume. */
    apiMsPerInvocation: number;
    everyVendor?: PricedRun;
    limitRun?: PricedRun;
  };
  shortfalls: string[];
}

const loads = (values: number[]) => values.map((v) => v.toFixed(2)).join(' / ');

export function formatReport(results: BenchResults): string {
  const { meta } = results;
  const out: string[] = [
    `DSR Hub bench · ${meta.startedAt} · Node ${meta.node} · ${meta.cpus} CPU (${meta.cpuModel})`,
    `load average 1/5/15 min: ${loads(meta.loadAverageAtStart)} at start, ${loads(meta.loadAverageAtEnd)} at end · ${fixed(meta.durationSeconds, 0)} s`,
  ];
  if (results.intake) out.push('', ...intakeSection(results.intake));
  const fanOuts = [results.limitRun, results.everyVendor].filter(Boolean) as FanOutResult[];
  if (fanOuts.length > 0) out.push('', ...fanOutSection(fanOuts));
  if (results.scale.length > 0) out.push('', ...scaleSection(results.scale));
  if (results.coldStart) out.push('', ...coldStartSection(results.coldStart));
  if (results.cost) {
    out.push(
      '',
      ...costSection(results.cost, [
        { run: results.everyVendor, priced: results.cost.everyVendor },
        { run: results.limitRun, priced: results.cost.limitRun },
      ]),
    );
  }
  if (results.shortfalls.length > 0) {
    out.push('', 'Short of the limits', ...results.shortfalls.map((s) => `- ${s}`));
  }
  return out.join('\n');
}

function intakeSection(intake: IntakeResult): string[] {
  return [
    `1. Intake: signed POST /v1/requests through the local runner (queue pollers held, so no fan-out competes)`,
    `   baseline: a bare PutItem of the same ${intake.itemBytes}-byte item, same SDK client, same dynalite, same concurrency;`,
    `   AWS floor: the intake's own three calls made bare in sequence (delivery put, request put, SQS send)`,
    table(
      [
        'concurrency',
        'intake req/s',
        'p50 ms',
        'p99 ms',
        'bare p50 ms',
        'bare p99 ms',
        'p50 ÷ bare',
        'floor p50 ms',
        'p50 ÷ floor',
      ],
      intake.levels.map((level) => [
        level.concurrency,
        fixed(level.intake.perSecond, 0),
        fixed(level.intake.latency.p50),
        fixed(level.intake.latency.p99),
        fixed(level.bareWrite.latency.p50),
        fixed(level.bareWrite.latency.p99),
        `${fixed(level.p50Ratio, 2)}×`,
        fixed(level.awsFloor.latency.p50),
        `${fixed(level.floorRatio, 2)}×`,
      ]),
    ),
    `   AWS calls per submission: ${Object.entries(intake.callsPerRequest)
      .map(([k, v]) => `${k} ${fixed(v, 2)}`)
      .join(', ')}`,
  ];
}

function fanOutSection(runs: FanOutResult[]): string[] {
  const lines = [
    "2. Fan-out against the physical limit: time until every request is completed ÷ the slowest vendor's",
    '   floor (calls it served ÷ its rate limit); each sandbox enforces the limit and answers after 50 ms',
    table(
      [
        'run',
        'requests',
        'time s',
        'floor s',
        'binding',
        'time ÷ floor',
        '429s',
        'tasks re-sent',
        'hub CPU s',
        'statuses',
      ],
      runs.map((run) => [
        run.scenario.label,
        run.scenario.requests,
        fixed(run.elapsedSeconds),
        fixed(run.theoreticalMinimumSeconds),
        run.bindingVendor,
        `${fixed(run.ratio, 2)}×`,
        run.tooManyRequests,
        redispatched(run),
        fixed(run.cpuSeconds),
        Object.entries(run.statuses)
          .map(([status, count]) => `${count} ${status}`)
          .join(', '),
      ]),
    ),
  ];
  for (const run of runs) {
    const limiter = limiterLoad(run);
    lines.push(
      '',
      `   ${run.scenario.label}: hub at ${fixed(busyShare(run) * 100, 0)}% of a core; rate limiter per vendor call: ${fixed(limiter.readsPerCall, 1)} GetItem + ${fixed(limiter.writesPerCall, 1)} conditional writes (${fixed(limiter.lostPerCall, 1)} refused)`,
      table(
        [
          'vendor',
          'limit/s',
          'calls',
          'calls/task',
          'peak/s',
          '429s',
          'floor s',
          'last task s',
          'last ÷ floor',
        ],
        run.vendors.map((vendor) => [
          vendor.integration,
          vendor.perSecond,
          vendor.served,
          fixed(vendor.served / run.scenario.requests, 2),
          vendor.peakPerSecond,
          vendor.refused,
          fixed(vendor.minimumSeconds),
          fixed(vendor.lastTaskSeconds),
          vendor.minimumSeconds > 0
            ? `${fixed(vendor.lastTaskSeconds / vendor.minimumSeconds, 2)}×`
            : '–',
        ]),
      ),
    );
  }
  return lines;
}

function scaleSection(runs: FanOutResult[]): string[] {
  const sorted = [...runs].sort((a, b) => a.scenario.requests - b.scenario.requests);
  const first = sorted[0] as FanOutResult;
  const firstPerRequest = (first.elapsedSeconds * 1000) / first.scenario.requests;
  const slope = retainedSlope(sorted);
  return [
    `3. Scale: the limit run's fan-out at ${sorted.map((r) => r.scenario.requests).join(', ')} requests, each in a fresh process`,
    '   (heap read after two forced GCs once the sandboxes dropped their people; the hub keeps its data on disk)',
    table(
      [
        'requests',
        'time s',
        'ms/request',
        'vs smallest',
        'time ÷ floor',
        'CPU ms/request',
        'peak RSS MiB',
        'peak heap MiB',
        'heap retained MiB',
      ],
      sorted.map((run) => {
        const perRequest = (run.elapsedSeconds * 1000) / run.scenario.requests;
        return [
          run.scenario.requests,
          fixed(run.elapsedSeconds),
          fixed(perRequest),
          `${fixed(perRequest / firstPerRequest, 2)}×`,
          `${fixed(run.ratio, 2)}×`,
          fixed((run.cpuSeconds * 1000) / run.scenario.requests),
          fixed(mib(run.memory.peak.rss)),
          fixed(mib(run.memory.peak.heapUsed)),
          fixed(mib(heapRetained(run)), 2),
        ];
      }),
    ),
    slope === undefined
      ? '   (one scale point: no slope)'
      : `   heap left behind per additional request (slope of retained heap across runs): ${fixed(slope, 0)} bytes`,
  ];
}

function coldStartSection(cold: ColdStartResult): string[] {
  return [
    `4. Cold start: each bundled handler imported in a fresh Node ${cold.node} process (median of repeats)`,
    `   against an empty module: import ${fixed(cold.empty.importMs, 2)} ms, ready ${fixed(cold.empty.readyMs)} ms after process start; synth ${fixed(cold.synthSeconds)} s`,
    table(
      ['function', 'code KiB', 'zipped KiB', 'import ms', 'ready ms', 'ready ÷ empty'],
      cold.functions.map((fn) => [
        fn.functionName,
        fixed(fn.codeBytes / 1024),
        fixed(fn.zippedBytes / 1024),
        fixed(fn.importMs),
        fixed(fn.readyMs),
        `${fixed(fn.readyRatio, 1)}×`,
      ]),
    ),
  ];
}

function costSection(
  cost: NonNullable<BenchResults['cost']>,
  runs: { run?: FanOutResult; priced?: PricedRun }[],
): string[] {
  const lines = [
    `5. Cost per million requests on AWS: us-east-1 list prices checked ${cost.prices.checked} (bench/cost/prices.ts),`,
    `   the operations counted by SDK middleware in the run; API Lambda ${fixed(cost.apiMsPerInvocation)} ms a call (intake p50),`,
    '   prod memory sizes; idle costs (empty receives, the reconciler, alarms, secrets) are left out',
  ];
  for (const { run, priced } of runs) {
    if (!run || !priced) continue;
    lines.push('', ...pricedRunTable(run, priced), '', ...awsCallsTable(run));
  }
  lines.push(
    '',
    '   Step Functions model: record the request, a Map over the integrations, per integration the vendor Lambda',
    '   (.waitForTaskToken for manual ones) and the recording of its outcome (+1 per retry), a Choice, the settlement',
    '   write, Succeed. Its transitions replace the SQS requests; the worker runs once per task instead of per batch.',
  );
  return lines;
}

function pricedRunTable(run: FanOutResult, priced: PricedRun): string[] {
  const { work, hub, stepFunctions } = priced;
  const items = [...new Set([...hub.lines, ...stepFunctions.lines].map((l) => l.item))];
  const usage = (estimate: CostEstimate, item: string) =>
    estimate.lines.find((l) => l.item === item);
  const amount = (value: number, unit: string) => `${fixed(value, value < 10 ? 3 : 1)} ${unit}`;
  return [
    `   ${run.scenario.label}: one erasure to ${work.tasks} integrations (${work.manualTasks} wait for an ack), ${run.scenario.requests} requests`,
    table(
      ['item', 'hub per request', 'hub $/M', 'Step Functions per request', 'SFN $/M'],
      items.map((item) => {
        const h = usage(hub, item);
        const sfn = usage(stepFunctions, item);
        return [
          item,
          h ? amount(h.perRequest, h.unit) : '–',
          h ? fixed(h.usdPerMillionRequests, 2) : '–',
          sfn ? amount(sfn.perRequest, sfn.unit) : '–',
          sfn ? fixed(sfn.usdPerMillionRequests, 2) : '–',
        ];
      }),
    ),
    `   total per million requests: hub $${fixed(hub.usdPerMillionRequests, 2)}; per-request Step Functions Standard workflow $${fixed(stepFunctions.usdPerMillionRequests, 2)} (${fixed(stepFunctions.usdPerMillionRequests / hub.usdPerMillionRequests, 2)}× the hub)`,
  ];
}

/** The AWS calls behind the cost, per request, by kind of call and item. */
function awsCallsTable(run: FanOutResult): string[] {
  const n = run.scenario.requests;
  return [
    `   ${run.scenario.label}: AWS calls per request (DynamoDB by operation and key prefix; units as dynalite reports them, index WRU from item sizes)`,
    table(
      ['call', 'calls', 'conditional fails', 'units', 'index WRU'],
      [
        ...Object.entries(run.aws.dynamo).map(([label, tally]) => [
          `DynamoDB ${label}`,
          fixed(tally.calls / n, 1),
          fixed(tally.conditionalFailures / n, 1),
          fixed(tally.units / n, 1),
          fixed(tally.indexWriteUnits / n, 1),
        ]),
        ...Object.entries(run.aws.sqs).map(([label, tally]) => [
          `SQS ${label}`,
          fixed(tally.calls / n, 1),
          '–',
          fixed(tally.billedRequests / n, 1),
          '–',
        ]),
      ],
    ),
  ];
}
