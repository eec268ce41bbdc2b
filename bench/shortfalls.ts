import { busyShare, limiterLoad, redispatched, retainedSlope, timeGrowth } from './figures.ts';
import type { BenchResults } from './report.ts';
import { fixed } from './support/table.ts';

/** Names each figure that falls short of what the issue asks, with the cause the data shows. */
export function findShortfalls(results: BenchResults): string[] {
  const found: string[] = [];
  const first = results.intake?.levels[0];
  if (first && first.p50Ratio > 2) {
    found.push(
      `Intake p50 is ${fixed(first.p50Ratio, 1)}× a bare write at concurrency ${first.concurrency}: each submission makes three sequential AWS calls (the webhook-id dedupe put, the request put, one SQS send per task); against those three made bare it is ${fixed(first.floorRatio, 2)}×, the rest being HTTP, signature check and validation.`,
    );
  }
  for (const run of [results.limitRun, results.everyVendor]) {
    if (!run) continue;
    const busy = busyShare(run);
    const limiter = limiterLoad(run);
    if (run.ratio > 1.15) {
      const cause =
        busy > 0.8
          ? `the one hub process was CPU-bound (${fixed(busy * 100, 0)}% of a core for ${fixed(run.cpuSeconds, 0)} s)`
          : `the hub was not CPU-bound (${fixed(busy * 100, 0)}% of a core)`;
      found.push(
        `${run.scenario.label}: ${fixed(run.ratio, 2)}× the physical limit; ${cause}. The shared rate limiter took ${fixed(limiter.readsPerCall, 1)} GetItem and ${fixed(limiter.writesPerCall, 1)} conditional writes per vendor call (${fixed(limiter.lostPerCall, 1)} refused); calls are spaced to leave 200 ms of jitter room per second, and a batch's slowest task holds its poller.`,
      );
    }
    const resent = redispatched(run);
    if (resent > 0.01 * run.attempts.tasks) {
      found.push(
        `${run.scenario.label}: the reconciler re-sent ${resent} task messages (${fixed((100 * resent) / run.attempts.tasks, 0)}% of ${run.attempts.tasks} tasks): a task still waiting its turn in a backlogged queue past the pickup grace (60 s) counts as lost, and is re-sent every reconciler run until a worker claims it; each re-send is a request rewrite, an SQS message and a duplicate receive.`,
      );
    }
    if (run.tooManyRequests > 0) {
      const worst = run.vendors.filter((vendor) => vendor.refused > 0);
      found.push(
        `${run.scenario.label}: ${run.tooManyRequests} answers 429 (${worst.map((v) => `${v.integration} ${v.refused}, peak ${v.peakPerSecond}/s of ${v.perSecond}/s`).join('; ')}): slots leave 200 ms of jitter room per second when reserved, but calls reach the vendor after variable delays, and the vendor counts a sliding second on arrival.`,
      );
    }
  }
  const slope = retainedSlope(results.scale);
  if (slope !== undefined && slope > 1024) {
    found.push(
      `Each additional request left ${fixed(slope / 1024, 1)} KiB of heap behind after GC (slope between the scale runs).`,
    );
  }
  const growth = timeGrowth(results.scale);
  if (growth !== undefined && growth > 1.3) {
    found.push(
      `Time per request grew ${fixed(growth, 2)}× from the smallest to the largest scale run: not linear.`,
    );
  }
  return found;
}
