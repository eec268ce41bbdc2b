import type { Changes } from '../../core/model.ts';
import type { ActionOutcome } from '../../core/outcome.ts';
import type { ActionInput } from '../contract.ts';
import type { Auth0Client } from './client.ts';
import { Auth0CallError, auth0Call } from './errors.ts';
import { describeUsers, subjectUserIds } from './users.ts';

/** Root attributes a rectification may set, in Auth0's names. */
export interface Auth0UserChanges {
  email?: string;
  name?: string;
  phone_number?: string;
}

/**
 * The request's changes as Auth0 root attributes. Auth0 wants phone numbers in E.164
 * (`^\+[0-9]{1,15}$`), so spaces, dots, dashes and brackets are dropped.
 */
export function toAuth0Changes(changes: Changes | undefined): Auth0UserChanges {
  const body: Auth0UserChanges = {};
  if (changes?.email?.trim()) body.email = changes.email.trim();
  if (changes?.name?.trim()) body.name = changes.name.trim();
  if (changes?.phone?.trim()) body.phone_number = changes.phone.replace(/[\s().-]/g, '');
  return body;
}

/** Rectification: sets the changed root attributes on every user of the subject. */
export async function rectifyAuth0Users(
  client: Auth0Client,
  input: ActionInput,
): Promise<ActionOutcome> {
  const body = toAuth0Changes(input.changes);
  const fields = Object.keys(body);
  if (fields.length === 0) {
    return { kind: 'not_applicable', reason: 'no change to an attribute Auth0 holds' };
  }
  return patchSubjectUsers(client, input, body, `(${fields.join(', ')})`);
}

/** Restriction: blocks every user of the subject, so they cannot log in; their data stays. */
export async function restrictAuth0Users(
  client: Auth0Client,
  input: ActionInput,
): Promise<ActionOutcome> {
  return patchSubjectUsers(
    client,
    input,
    { blocked: true },
    '{blocked: true}; access tokens issued before stay valid until they expire',
  );
}

/**
 * 1. collects the users the request names or its email finds;
 * 2. PATCHes each; a user that answers 404 meanwhile is skipped.
 */
async function patchSubjectUsers(
  client: Auth0Client,
  input: ActionInput,
  body: Auth0UserChanges & { blocked?: boolean },
  what: string,
): Promise<ActionOutcome> {
  if (!input.subject.ids?.auth0 && !input.subject.email) {
    return { kind: 'not_applicable', reason: 'the request names no Auth0 user id and no email' };
  }
  const ids = await subjectUserIds(client, input.subject);
  const patched: string[] = [];
  let vendorStatus = 200;
  for (const id of ids) {
    try {
      // https://auth0.com/docs/api/management/v2/users/patch-users-by-id
      const { rawResponse } = await auth0Call('PATCH /api/v2/users/{id}', () =>
        client.users.update(id, body).withRawResponse(),
      );
      vendorStatus = rawResponse.status;
      patched.push(id);
    } catch (error) {
      if (!(error instanceof Auth0CallError && error.statusCode === 404)) throw error;
    }
  }
  if (patched.length === 0) {
    return { kind: 'not_applicable', reason: 'no Auth0 user with this id or email' };
  }
  return {
    kind: 'acknowledged',
    evidence: { vendorStatus, detail: `PATCH /api/v2/users/${describeUsers(patched)} ${what}` },
  };
}
