/**
 * The profile URL, from a template, because Inline Manual's public API paths are
 * not published where we could confirm them: `{base}`, `{siteKey}` and `{userId}`
 * are filled in, the last two URL-encoded as single path segments.
 */
export const DEFAULT_PROFILE_URL_TEMPLATE = '{base}/api/v1/sites/{siteKey}/profiles/{userId}';

const PLACEHOLDERS = new Set(['base', 'siteKey', 'userId']);

/** Throws, naming the variable, unless the template can address one profile. */
export function checkProfileUrlTemplate(template: string, variable: string): void {
  const names = [...template.matchAll(/\{([^}]*)\}/g)].map((match) => match[1] ?? '');
  const unknown = names.filter((name) => !PLACEHOLDERS.has(name));
  if (unknown.length > 0) {
    throw new Error(`${variable}: unknown placeholder(s) {${unknown.join('}, {')}}`);
  }
  if (!names.includes('userId')) throw new Error(`${variable}: must contain {userId}`);
  if (!template.startsWith('{base}') && !/^https?:\/\//.test(template)) {
    throw new Error(`${variable}: must start with {base} or an http(s) URL`);
  }
}

/** Fills the template in; every value but the base becomes one encoded path segment. */
export function profileUrl(
  template: string,
  values: { base: string; siteKey: string; userId: string },
): string {
  return template
    .replaceAll('{base}', values.base)
    .replaceAll('{siteKey}', encodeURIComponent(values.siteKey))
    .replaceAll('{userId}', encodeURIComponent(values.userId));
}
