import { HTTPError, MatrixError } from 'matrix-js-sdk';

/**
 * A homeserver's refusal, stripped of the request URL: the SDK's own message
 * carries the URL, whose path holds the person's Matrix id.
 */
export class GitterApiError extends Error {
  override name = 'GitterApiError';

  constructor(
    message: string,
    readonly status: number | undefined,
    readonly errcode: string | undefined,
    /** The homeserver's word on when to come back (`retry_after_ms` or Retry-After). */
    readonly retryAfterMs: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Runs one homeserver call and rethrows its failure without personal data. */
export async function homeserverCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw sanitize(operation, error);
  }
}

function sanitize(operation: string, error: unknown): unknown {
  if (error instanceof MatrixError) {
    const code = error.errcode ?? 'no errcode';
    return new GitterApiError(
      `Matrix ${operation} answered ${error.httpStatus ?? '?'} ${code}`,
      error.httpStatus,
      error.errcode,
      retryAfter(error),
    );
  }
  if (error instanceof HTTPError) {
    return new GitterApiError(
      `Matrix ${operation} answered ${error.httpStatus ?? '?'}`,
      error.httpStatus,
      undefined,
      retryAfter(error),
    );
  }
  // Network failures and aborts carry no URL; the host classifies them as retryable.
  return error;
}

function retryAfter(error: HTTPError): number | undefined {
  if (!error.isRateLimitError()) return undefined;
  try {
    return error.getRetryAfterMs() ?? undefined;
  } catch {
    return undefined;
  }
}
