/** `ada@example.com` → `a***@example.com`: enough for a person to recognise, not to identify. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** `auth0|65f0abcdef` → `auth0|65f0…`: the prefix shows the kind of id, never the whole id. */
export function maskIdentifier(id: string): string {
  const keep = Math.min(10, Math.max(2, Math.floor(id.length / 2)));
  return id.length <= keep ? `${id.slice(0, 1)}…` : `${id.slice(0, keep)}…`;
}

/** Lower-cased, trimmed, Unicode NFC: the form vendors look people up by. */
export function normalizeEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

/** Every identifier a subject carries, for scrubbing vendor error messages. */
export function subjectIdentifiers(subject: {
  email?: string;
  ids?: Record<string, string | string[] | undefined>;
}): string[] {
  const values: string[] = [];
  if (subject.email) values.push(subject.email);
  for (const value of Object.values(subject.ids ?? {})) {
    if (typeof value === 'string') values.push(value);
    else if (Array.isArray(value)) values.push(...value);
  }
  return values.filter((value) => value.length >= 3);
}

/** Replaces each of the subject's identifiers in `text` by its masked form. */
export function redactIdentifiers(text: string, identifiers: readonly string[]): string {
  let result = text;
  for (const id of [...identifiers].sort((a, b) => b.length - a.length)) {
    const masked = id.includes('@') && !id.startsWith('@') ? maskEmail(id) : maskIdentifier(id);
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    result = result.replace(new RegExp(escaped, 'gi'), masked);
  }
  return result;
}
