import type { FanOutResult } from './phases/fan-out.ts';

/** Rate-limiter work per vendor call: reads, writes, and the writes that lost the race. */
export function limiterLoad(run: FanOutResult) {
  const calls = run.vendors.reduce((sum, vendor) => sum + vendor.served + vendor.refused, 0);
  const reads = run.aws.dynamo['GetItem RATE']?.calls ?? 0;
  const put = run.aws.dynamo['PutItem RATE'];
  const update = run.aws.dynamo['UpdateItem RATE'];
  const writes = (put?.calls ?? 0) + (update?.calls ?? 0);
  const lost = (put?.conditionalFailures ?? 0) + (update?.conditionalFailures ?? 0);
  return {
    readsPerCall: reads / Math.max(1, calls),
    writesPerCall: writes / Math.max(1, calls),
    lostPerCall: lost / Math.max(1, calls),
  };
}

/** Share of one core the hub process used during the run. */
export const busyShare = (run: FanOutResult) => run.cpuSeconds / run.elapsedSeconds;

/** Heap after GC minus the baseline before the run, in bytes. */
export const heapRetained = (run: FanOutResult) =>
  run.memory.after.heapUsed - run.memory.baseline.heapUsed;

/**
 * Heap left behind per additional request: the slope of retained heap between the smallest and
 * the largest run. A fixed residue (lazily built caches, connection pools) cancels out.
 */
export function retainedSlope(runs: readonly FanOutResult[]): number | undefined {
  const sorted = [...runs].sort((a, b) => a.scenario.requests - b.scenario.requests);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last || first === last) return undefined;
  return (
    (heapRetained(last) - heapRetained(first)) / (last.scenario.requests - first.scenario.requests)
  );
}

/** Time per request at the largest run ÷ at the smallest: 1.0 is linear growth. */
export function timeGrowth(runs: readonly FanOutResult[]): number | undefined {
  const sorted = [...runs].sort((a, b) => a.scenario.requests - b.scenario.requests);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last || first === last) return undefined;
  return (
    last.elapsedSeconds / last.scenario.requests / (first.elapsedSeconds / first.scenario.requests)
  );
}

/**
 * Task messages sent beyond one per task: the reconciler re-sends a task no worker has claimed
 * within the pickup grace, even when its first message is only waiting its turn in the queue.
 */
export function redispatched(run: FanOutResult): number {
  const sent = run.aws.sqs.SendMessage?.messages ?? 0;
  return Math.max(0, sent - run.attempts.tasks);
}
