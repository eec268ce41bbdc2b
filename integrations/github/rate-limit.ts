import { retryAfterFromHeaders } from '../../core/failure.ts';
import type { ActionOutcome } from '../../core/outcome.ts';
import { githubMessage, githubStatus, responseHeaders } from './vendor-error.ts';

type RateLimitedRetry = Extract<ActionOutcome, { kind: 'retry' }>;

/** GitHub's advice when a limit answer says nothing about when to come back. */
export const UNHINTED_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * GitHub answers a rate limit with 403 as often as with 429: a primary limit with
 * `x-ratelimit-remaining: 0`, a secondary one with `retry-after` or with no hint at all
 * (then "wait at least one minute"). The host sees only the status, and takes a bare 403
 * for a permission error; this reads GitHub's own signals and turns it into a retry.
 * https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
 */
export function rateLimitRetry(error: unknown, now: Date): RateLimitedRetry | undefined {
  if (githubStatus(error) !== 403) return undefined;
  const headers = responseHeaders(error);
  const signalled =
    headers['retry-after'] !== undefined ||
    headers['x-ratelimit-remaining'] === '0' ||
    /rate limit/i.test(githubMessage(error));
  if (!signalled) return undefined;
  // The reset time counts only for an exhausted primary limit; a secondary limit has its own.
  const hints: Record<string, string> = {};
  if (headers['retry-after'] !== undefined) hints['retry-after'] = headers['retry-after'];
  if (headers['x-ratelimit-remaining'] === '0' && headers['x-ratelimit-reset'] !== undefined) {
    hints['x-ratelimit-reset'] = headers['x-ratelimit-reset'];
  }
  return {
    kind: 'retry',
    error: `GitHub rate limit (403): ${githubMessage(error) || 'no message'}`,
    vendorStatus: 403,
    retryAfterMs: retryAfterFromHeaders(hints, now) ?? UNHINTED_RATE_LIMIT_WAIT_MS,
    rateLimited: true,
  };
}

/** Runs a GitHub action, answering GitHub's 403 rate limits with a retry; other errors go to the host. */
export async function withGitHubRateLimits(
  now: Date,
  action: () => Promise<ActionOutcome>,
): Promise<ActionOutcome> {
  try {
    return await action();
  } catch (error) {
    const retry = rateLimitRetry(error, now);
    if (retry) return retry;
    throw error;
  }
}
