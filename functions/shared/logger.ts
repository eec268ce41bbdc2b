import { Logger } from '@aws-lambda-powertools/logger';

const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[^\s@"'<>]+/g;

/** Replaces anything that looks like an email in a string; a last line of defence for logs. */
export function redactText(text: string): string {
  return text.replace(EMAIL, '[email]');
}

/**
 * The hub's logger. Handlers log ids of requests and names of integrations, never
 * a subject's identifiers; strings are still scrubbed of email-shaped text.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dsr-hub',
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
  jsonReplacerFn: (_key, value) => (typeof value === 'string' ? redactText(value) : value),
});
