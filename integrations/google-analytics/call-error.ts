import { maskIdentifier } from '../../core/masking.ts';
import { googleErrorOf } from './google-errors.ts';

/**
 * A failed Admin API call. Its message names the operation and Google's answer with any
 * submitted identifier masked, since the host stores messages as `lastError`. The SDK
 * (gaxios) error stays reachable as `cause`.
 */
export class GoogleAnalyticsCallError extends Error {
  override name = 'GoogleAnalyticsCallError';

  constructor(
    message: string,
    readonly httpStatus: number | undefined,
    readonly googleStatus: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** Wraps what the SDK threw for `operation`; `identifiers` are masked out of Google's text. */
  static from(
    operation: string,
    error: unknown,
    identifiers: readonly string[],
  ): GoogleAnalyticsCallError {
    const google = googleErrorOf(error);
    if (!google) {
      const kind = error instanceof Error ? error.name : 'error';
      return new GoogleAnalyticsCallError(
        `Google Analytics ${operation} failed: ${kind}`,
        undefined,
        undefined,
        { cause: error },
      );
    }
    const answer = [google.httpStatus, google.status].filter(Boolean).join(' ');
    const said = google.message ? `: ${mask(google.message, identifiers).slice(0, 300)}` : '';
    return new GoogleAnalyticsCallError(
      `Google Analytics ${operation} answered ${answer}${said}`,
      google.httpStatus,
      google.status,
      { cause: error },
    );
  }
}

function mask(text: string, identifiers: readonly string[]): string {
  return identifiers
    .filter((id) => id !== '')
    .reduce((masked, id) => masked.replaceAll(id, maskIdentifier(id)), text);
}
