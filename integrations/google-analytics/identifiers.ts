import { maskEmail, maskIdentifier, normalizeEmail } from '../../core/masking.ts';
import type { Subject } from '../../core/model.ts';

/** The field of `SubmitUserDeletionRequest` that names the user: exactly one per request. */
export type DeletionField = 'userId' | 'clientId' | 'appInstanceId' | 'userProvidedData';

/** One user deletion to submit: which identifier, and its value as Google expects it. */
export interface DeletionTarget {
  field: DeletionField;
  value: string;
}

/** The request's identifiers as deletion targets, and those no rule recognises. */
export interface DeletionTargets {
  targets: DeletionTarget[];
  unrecognised: string[];
}

// The `_ga` cookie is `GA1.<n>.<random>.<timestamp>`; the client id is its last two parts.
const COOKIE_CLIENT_ID = /^GA\d+\.\d+\.(\d+\.\d+)$/i;
const BARE_CLIENT_ID = /^\d+\.\d+$/;

/**
 * Reads `subject.ids.googleAnalytics`. Each string is one identifier:
 * - `GA1.2.1234.5678` (the `_ga` cookie) or `1234.5678`: a client id, sent as `1234.5678`;
 * - `user:<id>`: a User-ID the site set; `client:<id>`: a client id in any other form;
 * - `app:<id>`: a Firebase app instance id.
 * Anything else is ambiguous (a user id and a client id can look alike) and is refused, so that
 * no deletion goes to the wrong kind of identifier. With `byEmail`, the email is added as
 * `userProvidedData`, normalised as Google documents.
 */
export function deletionTargets(subject: Subject, byEmail: boolean): DeletionTargets {
  const targets: DeletionTarget[] = [];
  const unrecognised: string[] = [];
  for (const raw of subject.ids?.googleAnalytics ?? []) {
    const target = parseIdentifier(raw.trim());
    if (target) targets.push(target);
    else unrecognised.push(raw);
  }
  if (byEmail && subject.email?.trim()) {
    targets.push({ field: 'userProvidedData', value: userProvidedEmail(subject.email) });
  }
  return { targets: dedupe(targets), unrecognised };
}

function parseIdentifier(value: string): DeletionTarget | undefined {
  const prefixed = /^(user|client|app):(.+)$/i.exec(value);
  if (prefixed) {
    const kind = prefixed[1]?.toLowerCase();
    const id = (prefixed[2] ?? '').trim();
    if (id === '') return undefined;
    if (kind === 'user') return { field: 'userId', value: id };
    if (kind === 'app') return { field: 'appInstanceId', value: id };
    return { field: 'clientId', value: COOKIE_CLIENT_ID.exec(id)?.[1] ?? id };
  }
  const fromCookie = COOKIE_CLIENT_ID.exec(value)?.[1];
  if (fromCookie) return { field: 'clientId', value: fromCookie };
  if (BARE_CLIENT_ID.test(value)) return { field: 'clientId', value };
  return undefined;
}

/**
 * Google's normalisation for user-provided email: lower case, no spaces, and no dots before
 * the `@` of gmail.com and googlemail.com addresses.
 */
export function userProvidedEmail(email: string): string {
  const compact = normalizeEmail(email).replace(/\s+/g, '');
  const at = compact.lastIndexOf('@');
  const domain = compact.slice(at + 1);
  if (at > 0 && (domain === 'gmail.com' || domain === 'googlemail.com')) {
    return `${compact.slice(0, at).replaceAll('.', '')}@${domain}`;
  }
  return compact;
}

function dedupe(targets: DeletionTarget[]): DeletionTarget[] {
  const seen = new Set<string>();
  return targets.filter((target) => {
    const key = `${target.field}:${target.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `clientId 1234.5…`: the kind and a masked value, for evidence and errors. */
export function describeTarget(target: DeletionTarget): string {
  const masked =
    target.field === 'userProvidedData' ? maskEmail(target.value) : maskIdentifier(target.value);
  return `${target.field} ${masked}`;
}
