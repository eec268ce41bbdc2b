import { ManagementError } from 'auth0';

/**
 * A failed Management API call. Its message names the operation and the answer, never the
 * user id or email: Auth0's own messages quote them ("… format user-id: auth0|…"), and the
 * host stores messages as `lastError`. The SDK error stays reachable as `cause`.
 */
export class Auth0CallError extends Error {
  override name = 'Auth0CallError';

  constructor(
    message: string,
    readonly statusCode: number | undefined,
    readonly errorCode: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** Wraps whatever the SDK threw for `operation` (e.g. `DELETE /api/v2/users/{id}`). */
  static from(operation: string, error: unknown): Auth0CallError {
    if (error instanceof Auth0CallError) return error;
    // The SDK fetches its token lazily, inside the first call that needs one.
    if (error instanceof Error && error.message.startsWith('ManagementClient: token request')) {
      operation = 'POST /oauth/token';
    }
    if (error instanceof ManagementError && error.statusCode !== undefined) {
      const errorCode = errorCodeOf(error.body);
      const answer = [error.statusCode, errorCode].filter(Boolean).join(' ');
      return new Auth0CallError(
        `Auth0 ${operation} answered ${answer}`,
        error.statusCode,
        errorCode,
        {
          cause: error,
        },
      );
    }
    const kind = error instanceof Error ? error.name : 'error';
    return new Auth0CallError(`Auth0 ${operation} failed: ${kind}`, undefined, undefined, {
      cause: error,
    });
  }
}

function errorCodeOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  // Management API errors carry `errorCode`; /oauth/token errors carry OAuth's `error`.
  const code = record.errorCode ?? record.error;
  return typeof code === 'string' && /^[\w .-]{1,64}$/.test(code) ? code : undefined;
}

/** Runs one SDK call, turning its failure into an {@link Auth0CallError}. */
export async function auth0Call<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw Auth0CallError.from(operation, error);
  }
}
