import type { Management } from 'auth0';
import { maskIdentifier, normalizeEmail } from '../../core/masking.ts';
import type { Subject } from '../../core/model.ts';
import type { Auth0Client } from './client.ts';
import { Auth0CallError, auth0Call } from './errors.ts';

/** A user as the Management API returns it. */
export type Auth0User = Management.UserResponseSchema;

/**
 * The forms of an address to look up. users-by-email is exact and case-sensitive; Auth0
 * stores its own database users' addresses lower-cased, but other identity providers keep
 * the case they were given, so the address as written is tried too.
 */
export function emailForms(email: string | undefined): string[] {
  if (!email?.trim()) return [];
  return [...new Set([normalizeEmail(email), email.trim()])];
}

/**
 * Every user with this address, one per connection.
 * @see https://auth0.com/docs/api/management/v2/users-by-email/get-users-by-email
 */
export async function usersByEmail(client: Auth0Client, email: string): Promise<Auth0User[]> {
  const found: Auth0User[] = [];
  for (const form of emailForms(email)) {
    found.push(
      ...(await auth0Call('GET /api/v2/users-by-email', () =>
        client.users.listUsersByEmail({ email: form }),
      )),
    );
  }
  return found;
}

/**
 * The user, or undefined when Auth0 answers 404.
 * @see https://auth0.com/docs/api/management/v2/users/get-users-by-id
 */
export async function findUser(client: Auth0Client, id: string): Promise<Auth0User | undefined> {
  try {
    return await auth0Call('GET /api/v2/users/{id}', () => client.users.get(id));
  } catch (error) {
    if (error instanceof Auth0CallError && error.statusCode === 404) return undefined;
    throw error;
  }
}

/** The ids the request names or its email finds, without repeats. */
export async function subjectUserIds(client: Auth0Client, subject: Subject): Promise<string[]> {
  const ids = new Set<string>();
  if (subject.ids?.auth0) ids.add(subject.ids.auth0);
  if (subject.email) {
    for (const user of await usersByEmail(client, subject.email)) {
      if (user.user_id) ids.add(user.user_id);
    }
  }
  return [...ids];
}

/** `auth0|65f0…, google-oau… (2 users)`: enough to recognise, never a whole id. */
export function describeUsers(ids: readonly string[]): string {
  const noun = ids.length === 1 ? 'user' : 'users';
  return `${ids.map(maskIdentifier).join(', ')} (${ids.length} ${noun})`;
}
