/** contract.md's default: seconds between a task's attempts. */
export const DEFAULT_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

/** Rate-limit answers without a hint back off from 1 s up to this. */
const RATE_LIMIT_BACKOFF_CAP_MS = 60_000;

export function parseRetrySchedule(value: string | undefined): number[] {
  if (value === undefined || value.trim() === '') return DEFAULT_RETRY_SCHEDULE;
  const parts = value.split(',').map((part) => part.trim());
  const schedule = parts.map(Number);
  if (parts.some((part) => part === '') || schedule.some((s) => !Number.isFinite(s) || s < 0)) {
    throw new Error('HUB_RETRY_SCHEDULE must be a comma list of non-negative seconds');
  }
  return schedule;
}

export interface RetryDecision {
  /** undefined when the schedule is used up and the task must fail. */
  delayMs: number | undefined;
}

/**
 * When to try again. The vendor's own hint wins; a rate limit without a hint backs
 * off exponentially; anything else follows the schedule. All delays get up to 20%
 * jitter so that many tasks failing together do not come back together.
 */
export function nextRetryDelay(options: {
  schedule: readonly number[];
  /** Failures so far that count against the schedule, including this one. */
  failures: number;
  rateLimited: boolean;
  /** Rate-limit answers in a row, including this one. */
  throttles: number;
  hintMs?: number;
  random?: () => number;
}): RetryDecision {
  const random = options.random ?? Math.random;
  const jitter = (ms: number) => Math.round(ms * (1 + 0.2 * random()));
  if (options.rateLimited) {
    if (options.hintMs !== undefined) return { delayMs: Math.max(options.hintMs, 0) + jitter(100) };
    const backoff = Math.min(
      1000 * 2 ** Math.max(0, options.throttles - 1),
      RATE_LIMIT_BACKOFF_CAP_MS,
    );
    return { delayMs: jitter(backoff) };
  }
  const scheduled = options.schedule[options.failures - 1];
  if (scheduled === undefined) return { delayMs: undefined };
  return { delayMs: Math.max(jitter(scheduled * 1000), options.hintMs ?? 0) };
}
