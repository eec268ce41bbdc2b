/**
 * Google's error answer (https://cloud.google.com/apis/design/errors):
 * `{"error": {"code", "message", "status", "details": [ErrorInfo, RetryInfo, …]}}`.
 */
export interface GoogleError {
  httpStatus: number;
  /** Canonical code such as `RESOURCE_EXHAUSTED` or `PERMISSION_DENIED`. */
  status?: string;
  message?: string;
  /** `ErrorInfo.reason`s, plus the old-style `errors[].reason`s. */
  reasons: string[];
  /** `ErrorInfo.metadata.quota_limit`s, e.g. `WriteRequestsPerMinutePerUser`. */
  quotaLimits: string[];
  /** `RetryInfo.retryDelay`, Google's own word on when to come back. */
  retryDelayMs?: number;
}

/** Google's answer inside an SDK (gaxios) error; undefined when there was no HTTP answer. */
export function googleErrorOf(error: unknown): GoogleError | undefined {
  const response = (error as { response?: { status?: unknown; data?: unknown } } | undefined)
    ?.response;
  if (!response || typeof response.status !== 'number') return undefined;
  const body = asRecord(asRecord(response.data)?.error);
  const details = Array.isArray(body?.details) ? body.details.map(asRecord) : [];
  const legacy = Array.isArray(body?.errors) ? body.errors.map(asRecord) : [];
  const reasons = [...details, ...legacy]
    .map((entry) => entry?.reason)
    .filter((reason): reason is string => typeof reason === 'string');
  const quotaLimits = details
    .map((entry) => asRecord(entry?.metadata)?.quota_limit)
    .filter((limit): limit is string => typeof limit === 'string');
  const retryInfo = details.find((entry) => String(entry?.['@type']).endsWith('RetryInfo'));
  return {
    httpStatus: response.status,
    status: typeof body?.status === 'string' ? body.status : undefined,
    message: typeof body?.message === 'string' ? body.message : undefined,
    reasons,
    quotaLimits,
    retryDelayMs: durationMs(retryInfo?.retryDelay),
  };
}

const RATE_LIMIT_REASONS = new Set([
  'RATE_LIMIT_EXCEEDED',
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'quotaExceeded',
  'dailyLimitExceeded',
]);
const SHORT_WINDOW_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

/** A quota answer: the day's allowance is used up, or a short window (per minute or second). */
export type QuotaExhaustion = { window: 'day' } | { window: 'short'; retryAfterMs: number };

/**
 * Whether Google refused for quota, and which window. The Admin API answers 429
 * `RESOURCE_EXHAUSTED`; its quota page still speaks of 403 `rateLimitExceeded`, so both count.
 * A daily quota names "per day" in its limit or message; a short one (refilled each minute)
 * carries RetryInfo or names a minute or second. A quota answer that says neither is taken as
 * the daily one: waiting for the refill costs at most a day, while retrying a used-up day every
 * minute would use up the task's retries.
 */
export function quotaExhaustion(error: GoogleError): QuotaExhaustion | undefined {
  const quota =
    error.httpStatus === 429 ||
    error.status === 'RESOURCE_EXHAUSTED' ||
    (error.httpStatus === 403 && error.reasons.some((reason) => RATE_LIMIT_REASONS.has(reason)));
  if (!quota) return undefined;
  const texts = [error.message ?? '', ...error.quotaLimits];
  if (
    error.reasons.includes('dailyLimitExceeded') ||
    texts.some((t) => /per ?day|daily/i.test(t))
  ) {
    return { window: 'day' };
  }
  if (error.retryDelayMs !== undefined)
    return { window: 'short', retryAfterMs: error.retryDelayMs };
  const short =
    texts.some((text) => /minute|second/i.test(text)) ||
    error.reasons.some((reason) => SHORT_WINDOW_REASONS.has(reason));
  return short ? { window: 'short', retryAfterMs: 60_000 } : { window: 'day' };
}

/**
 * When Google's daily quotas are next refilled, from `now`. Google Analytics documents
 * "midnight Pacific Standard Time", which is 08:00 UTC; under daylight saving Pacific midnight
 * comes an hour earlier, so 08:00 UTC is past the refill either way. A minute's margin
 * keeps clocks that differ a little from asking too early.
 */
export function nextDailyQuotaRefill(now: Date): Date {
  const refill = new Date(now);
  refill.setUTCHours(8, 1, 0, 0);
  if (refill.getTime() <= now.getTime()) refill.setUTCDate(refill.getUTCDate() + 1);
  return refill;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/** `"1.5s"` (protobuf Duration in JSON) → 1500. */
function durationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value);
  return match ? Math.ceil(Number(match[1]) * 1000) : undefined;
}
