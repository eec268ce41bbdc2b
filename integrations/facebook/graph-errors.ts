import type { ActionOutcome } from '../../core/outcome.ts';

/**
 * A Graph API refusal: `{"error": {"message", "type", "code", "error_subcode", "is_transient",
 * "fbtrace_id"}}`, mostly with HTTP 400, rate limits included. Its message names the operation,
 * Meta's code and text; the calls carry only hashes, never an email.
 */
export class GraphApiError extends Error {
  override name = 'GraphApiError';

  constructor(
    message: string,
    readonly httpStatus: number,
    readonly code: number | undefined,
    readonly subcode: number | undefined,
    readonly transient: boolean,
    /** From `X-Business-Use-Case-Usage`: when Meta lets the app call again. */
    readonly regainAccessMs: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** Reads Meta's error body and usage header from a non-2xx answer to `operation`. */
  static async fromResponse(operation: string, response: Response): Promise<GraphApiError> {
    const body = asRecord(asRecord(await response.json().catch(() => undefined))?.error);
    const code = typeof body?.code === 'number' ? body.code : undefined;
    const subcode = typeof body?.error_subcode === 'number' ? body.error_subcode : undefined;
    const text = typeof body?.message === 'string' ? `: ${body.message.slice(0, 300)}` : '';
    const answer = [response.status, code !== undefined ? `code ${code}` : undefined]
      .filter(Boolean)
      .join(' ');
    return new GraphApiError(
      `Facebook ${operation} answered ${answer}${text}`,
      response.status,
      code,
      subcode,
      body?.is_transient === true,
      regainAccessMs(response.headers.get('x-business-use-case-usage')),
    );
  }
}

// 4 app, 17 user, 32 page, 613 call-rate; 800xx are the Business Use Case limits (80003: custom audiences).
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const isRateLimit = (code: number) => RATE_LIMIT_CODES.has(code) || (code >= 80000 && code < 80100);
// 1 unknown error, 2 service temporarily unavailable: Meta's "retry later" codes.
const TRANSIENT_CODES = new Set([1, 2]);
const INVALID_TOKEN = 190;

/**
 * What a Graph refusal means for the task. Rate limits come as HTTP 400, which the host would
 * take as permanent, so they are answered here; so are transient errors and a dead token.
 * Anything else is left to the host's reading of the HTTP status.
 */
export function graphFailureOutcome(
  error: GraphApiError,
): Extract<ActionOutcome, { kind: 'retry' | 'failed' }> | undefined {
  const vendorStatus = error.httpStatus;
  if (error.code !== undefined && isRateLimit(error.code)) {
    return {
      kind: 'retry',
      error: `Facebook rate limit (code ${error.code})`,
      vendorStatus,
      retryAfterMs: error.regainAccessMs,
      rateLimited: true,
    };
  }
  if (error.transient || (error.code !== undefined && TRANSIENT_CODES.has(error.code))) {
    return { kind: 'retry', error: error.message, vendorStatus };
  }
  if (error.code === INVALID_TOKEN) {
    return {
      kind: 'failed',
      error: `Facebook refused the access token (code 190): renew FACEBOOK_ACCESS_TOKEN`,
      vendorStatus,
    };
  }
  return undefined;
}

/**
 * `X-Business-Use-Case-Usage`: `{"<business object id>": [{"type", "call_count",
 * "total_cputime", "total_time", "estimated_time_to_regain_access"}]}`, the last in minutes.
 * The longest wait it names, or undefined when it names none.
 */
export function regainAccessMs(header: string | null): number | undefined {
  if (!header) return undefined;
  let usage: unknown;
  try {
    usage = JSON.parse(header);
  } catch {
    return undefined;
  }
  const minutes = Object.values(asRecord(usage) ?? {})
    .flatMap((entries) => (Array.isArray(entries) ? entries : []))
    .map((entry) => asRecord(entry)?.estimated_time_to_regain_access)
    .filter((value): value is number => typeof value === 'number' && value > 0);
  return minutes.length > 0 ? Math.max(...minutes) * 60_000 : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}
