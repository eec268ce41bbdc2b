import { SlidingWindow } from '../../integrations/sandbox-kit/rate-window.ts';
import type { SandboxLogEntry } from './sandbox-admin.ts';

/** What one vendor saw during a run, read from its sandbox's request log. */
export interface VendorCalls {
  /** Calls the vendor served: the work its rate limit paces. */
  served: number;
  /** Calls it refused for its rate limit (429, or GitHub's 403 rate-limit answer). */
  refused: number;
  /** Most calls served in any one-second window. */
  peakPerSecond: number;
}

/** Counts a sandbox's log: served calls, rate-limit refusals, and the busiest second. */
export function countVendorCalls(log: readonly SandboxLogEntry[]): VendorCalls {
  const isRefusal = (entry: SandboxLogEntry) =>
    entry.status === 429 || entry.fault === 'over-limit';
  const served = log.filter((entry) => !isRefusal(entry) && entry.status !== 0);
  return {
    served: served.length,
    refused: log.filter(isRefusal).length,
    peakPerSecond: SlidingWindow.peak(served.map((entry) => entry.at)),
  };
}

/**
 * The physical limit: the time the slowest vendor needs for the calls the run required at its
 * rate limit. No scheduler can finish sooner.
 */
export function theoreticalMinimumSeconds(
  vendors: readonly { served: number; perSecond: number }[],
): number {
  return Math.max(0, ...vendors.map((vendor) => vendor.served / vendor.perSecond));
}
