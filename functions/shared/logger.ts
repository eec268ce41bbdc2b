import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Shapes of personal data and secrets that must never reach a log line: emails,
 * Matrix ids, vendor customer and user ids, OAuth and API tokens, webhook secrets
 * and bearer credentials.
 */
const SENSITIVE: readonly [RegExp, string][] = [
  [/Bearer\s+[^\s"']+/gi, 'Bearer [token]'],
  [/whsec_[A-Za-z0-9+/=]+/g, '[secret]'],
  [/\b(?:gh[opsur]|github_pat|sk|rk|pk|ops|cmp|syt)_[A-Za-z0-9_]{6,}/g, '[token]'],
  [/\bcus_[A-Za-z0-9]{4,}/g, '[customer]'],
  [/\b(?:auth0|google-oauth2|github|email|sms|samlp|oidc|waad)\|[A-Za-z0-9._-]+/g, '[user]'],
  [/@[A-Za-z0-9._=-]+:[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[matrix-user]'],
  [/[^\s@"'<>]+@[^\s@"'<>]+\.[^\s@"'<>]+/g, '[email]'],
  [/\bGA\d\.\d\.\d+\.\d+\b/g, '[ga-client]'],
];

/** Scrubs anything shaped like personal data or a secret from a string: the last line of defence. */
export function redactText(text: string): string {
  return SENSITIVE.reduce(
    (result, [pattern, replacement]) => result.replace(pattern, replacement),
    text,
  );
}

/**
 * The hub's logger. Handlers log request ids and integration names, never a
 * subject's identifiers; every string is still scrubbed before it is written.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dsr-hub',
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
  jsonReplacerFn: (_key, value) => (typeof value === 'string' ? redactText(value) : value),
});
