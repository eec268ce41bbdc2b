import type { ActionOutcome } from './outcome.ts';
import type { VendorExchange } from './vendor-call.ts';

type FailureOutcome = Extract<ActionOutcome, { kind: 'retry' | 'failed' }>;

const PERMANENT_STATUSES = new Set([400, 401, 403, 404, 405, 410, 422]);

/** The vendor's own word on when to come back, in milliseconds from `now`. */
export function retryAfterFromHeaders(
  headers: Record<string, string> | undefined,
  now: Date,
): number | undefined {
  if (!headers) return undefined;
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now.getTime());
  }
  const reset = headers['x-ratelimit-reset'];
  // GitHub and Auth0 send the reset time on every answer; it is a reason to wait only once
  // the budget is spent.
  const spent = (headers['x-ratelimit-remaining'] ?? '0') === '0';
  if (spent && reset !== undefined && Number.isFinite(Number(reset))) {
    return Math.max(0, Number(reset) * 1000 - now.getTime());
  }
  return undefined;
}

function explicitRetryAfter(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Classifies a failed vendor action: retryable (429, 5xx, timeouts, resets) or
 * permanent (400, 401, 403, 404, 422). It trusts the last HTTP answer the vendor
 * gave, so it works the same for every SDK.
 */
export function classifyFailure(
  error: unknown,
  exchanges: readonly VendorExchange[],
  now: Date,
  message: string,
): FailureOutcome {
  const last = [...exchanges].reverse().find((e) => e.status !== undefined || e.error);
  const status = last?.status;
  // No HTTP answer at all: a timeout, a reset or a refused connection. Always worth another try.
  if (status === undefined) {
    return { kind: 'retry', error: message, retryAfterMs: explicitRetryAfter(error) };
  }
  const headers = last?.headers;
  const hinted = explicitRetryAfter(error) ?? retryAfterFromHeaders(headers, now);
  // GitHub signals rate limits as 403 with retry-after or an exhausted budget.
  const rateLimited =
    status === 429 ||
    (status === 403 &&
      (headers?.['x-ratelimit-remaining'] === '0' || headers?.['retry-after'] !== undefined));
  if (rateLimited) {
    return {
      kind: 'retry',
      error: message,
      vendorStatus: status,
      retryAfterMs: hinted,
      rateLimited: true,
    };
  }
  if (headers?.['stripe-should-retry'] === 'true' || status === 408 || status >= 500) {
    return { kind: 'retry', error: message, vendorStatus: status, retryAfterMs: hinted };
  }
  if (PERMANENT_STATUSES.has(status) || headers?.['stripe-should-retry'] === 'false') {
    return { kind: 'failed', error: message, vendorStatus: status };
  }
  if (status >= 400) return { kind: 'failed', error: message, vendorStatus: status };
  return { kind: 'retry', error: message, vendorStatus: status, retryAfterMs: hinted };
}
