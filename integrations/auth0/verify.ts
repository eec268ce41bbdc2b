import type { Subject } from '../../core/model.ts';
import type { Verification } from '../../core/outcome.ts';
import type { ActionInput } from '../contract.ts';
import type { Auth0Client } from './client.ts';
import { type Auth0UserChanges, toAuth0Changes } from './update.ts';
import { type Auth0User, describeUsers, findUser, usersByEmail } from './users.ts';

const NO_IDENTIFIER = 'the request names no Auth0 user id and no email';

/** Reads Auth0 back after an acknowledged action: are the users gone, changed, blocked? */
export async function verifyAuth0(client: Auth0Client, input: ActionInput): Promise<Verification> {
  if (!input.subject.ids?.auth0 && !input.subject.email) {
    return { kind: 'unverifiable', reason: NO_IDENTIFIER };
  }
  switch (input.type) {
    case 'erasure':
      return verifyErased(client, input.subject);
    case 'rectification':
      return verifyRectified(client, input);
    case 'restriction':
      return verifyBlocked(client, input.subject);
  }
}

async function verifyErased(client: Auth0Client, subject: Subject): Promise<Verification> {
  const remaining = await usersOf(client, subject, subject.email);
  if (remaining.length > 0) {
    return { kind: 'still_present', detail: `${describeUsers(idsOf(remaining))} still found` };
  }
  const checks = [
    subject.email ? 'users-by-email finds no user' : undefined,
    subject.ids?.auth0 ? 'GET /api/v2/users/{id} answers 404' : undefined,
  ];
  return { kind: 'verified', detail: checks.filter(Boolean).join('; ') };
}

async function verifyRectified(client: Auth0Client, input: ActionInput): Promise<Verification> {
  const expected = toAuth0Changes(input.changes);
  // After an email change the users are found under the new address.
  const users = await usersOf(client, input.subject, expected.email ?? input.subject.email);
  if (users.length === 0) {
    return { kind: 'unverifiable', reason: 'no Auth0 user found to read back' };
  }
  const stale = users.filter((user) => !showsChanges(user, expected));
  const fields = Object.keys(expected).join(', ');
  if (stale.length > 0) {
    return {
      kind: 'still_present',
      detail: `${describeUsers(idsOf(stale))} still show old values of (${fields})`,
    };
  }
  return { kind: 'verified', detail: `${describeUsers(idsOf(users))} show the new (${fields})` };
}

async function verifyBlocked(client: Auth0Client, subject: Subject): Promise<Verification> {
  const users = await usersOf(client, subject, subject.email);
  if (users.length === 0)
    return { kind: 'unverifiable', reason: 'no Auth0 user found to read back' };
  const open = users.filter((user) => user.blocked !== true);
  if (open.length > 0) {
    return { kind: 'still_present', detail: `${describeUsers(idsOf(open))} not blocked` };
  }
  return { kind: 'verified', detail: `${describeUsers(idsOf(users))} blocked` };
}

function showsChanges(user: Auth0User, expected: Auth0UserChanges): boolean {
  // Auth0 stores its database users' addresses lower-cased.
  if (expected.email && user.email?.toLowerCase() !== expected.email.toLowerCase()) return false;
  if (expected.name && user.name !== expected.name) return false;
  if (expected.phone_number && user.phone_number !== expected.phone_number) return false;
  return true;
}

/** The user the request names (if it still exists) and every user the address finds. */
async function usersOf(
  client: Auth0Client,
  subject: Subject,
  email: string | undefined,
): Promise<Auth0User[]> {
  const byId = new Map<string, Auth0User>();
  const named = subject.ids?.auth0 ? await findUser(client, subject.ids.auth0) : undefined;
  if (named?.user_id) byId.set(named.user_id, named);
  for (const user of email ? await usersByEmail(client, email) : []) {
    if (user.user_id) byId.set(user.user_id, user);
  }
  return [...byId.values()];
}

function idsOf(users: readonly Auth0User[]): string[] {
  return users.map((user) => user.user_id ?? '?');
}
