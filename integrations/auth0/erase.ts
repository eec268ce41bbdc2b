import type { ActionOutcome } from '../../core/outcome.ts';
import type { ActionInput } from '../contract.ts';
import type { Auth0Client } from './client.ts';
import { auth0Call } from './errors.ts';
import { describeUsers, subjectUserIds } from './users.ts';

/**
 * Erasure at Auth0:
 * 1. collects the user id the request names and every user its email finds (one per connection);
 * 2. deletes each one. Auth0 answers 204 also for a user already gone, so a repeat is harmless.
 */
export async function eraseAuth0Users(
  client: Auth0Client,
  input: ActionInput,
): Promise<ActionOutcome> {
  if (!input.subject.ids?.auth0 && !input.subject.email) {
    return { kind: 'not_applicable', reason: 'the request names no Auth0 user id and no email' };
  }
  const ids = await subjectUserIds(client, input.subject);
  if (ids.length === 0) return { kind: 'not_applicable', reason: 'no Auth0 user with this email' };

  let vendorStatus = 204;
  for (const id of ids) {
    // https://auth0.com/docs/api/management/v2/users/delete-users-by-id
    const { rawResponse } = await auth0Call('DELETE /api/v2/users/{id}', () =>
      client.users.delete(id).withRawResponse(),
    );
    vendorStatus = rawResponse.status;
  }
  return {
    kind: 'acknowledged',
    evidence: {
      vendorStatus,
      detail: `DELETE /api/v2/users/${describeUsers(ids)}`,
      retained:
        "Auth0's tenant logs (logins, Management API calls) still name the user until the plan's log retention ends: 1 day on Free, up to 30 days on Enterprise. The Management API cannot delete single log events.",
    },
  };
}
