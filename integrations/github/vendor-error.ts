/** The parts of Octokit's `RequestError` the integration reads, without depending on its class. */
interface GitHubRequestError {
  status: number;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  request?: { body?: unknown };
}

function asRequestError(error: unknown): GitHubRequestError | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? (error as GitHubRequestError) : undefined;
}

/** GitHub's HTTP status in an SDK error, if the error came from an answer. */
export function githubStatus(error: unknown): number | undefined {
  return asRequestError(error)?.status;
}

/** GitHub answered 404: the thing is not there (or no longer). */
export function isNotFound(error: unknown): boolean {
  return githubStatus(error) === 404;
}

/** The answer's headers, lower-cased names, string values. */
export function responseHeaders(error: unknown): Record<string, string> {
  const headers = asRequestError(error)?.response?.headers ?? {};
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name.toLowerCase()] = String(value);
  }
  return result;
}

/** The `message` of GitHub's error body. */
export function githubMessage(error: unknown): string {
  const data = asRequestError(error)?.response?.data;
  if (
    data &&
    typeof data === 'object' &&
    typeof (data as { message?: unknown }).message === 'string'
  ) {
    return (data as { message: string }).message;
  }
  return '';
}

/**
 * Octokit keeps the request body on its errors; for `/applications/…` that body is the
 * person's OAuth token, which must not travel on into logs or task records.
 */
export function withoutRequestBody(error: unknown): unknown {
  const request = asRequestError(error)?.request;
  if (request && 'body' in request) request.body = '[REDACTED]';
  return error;
}
