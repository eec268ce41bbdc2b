import { maskIdentifier } from '../../core/masking.ts';
import type { ActionOutcome } from '../../core/outcome.ts';
import type { ActionInput } from '../contract.ts';
import type { GoogleAnalyticsClient } from './client.ts';
import { nextDailyQuotaRefill } from './google-errors.ts';
import { type DeletionTarget, deletionTargets, describeTarget } from './identifiers.ts';
import { SUBMIT_USER_DELETION, submitUserDeletion } from './user-deletion.ts';

const RETAINED =
  'Google removes the data from reports within 72 hours and from its servers at its next ' +
  'deletion run (about every two months); figures already aggregated into reports and any ' +
  'BigQuery export are not affected.';

/**
 * Erasure at Google Analytics 4:
 * 1. turns the request's GA identifiers (and, when enabled, its email) into deletion targets;
 * 2. submits one user deletion per target at every configured property;
 * 3. a property whose daily allowance (500 deletions) is used up is left for Google's next
 *    quota day while the other properties go on, and the task comes back after the refill:
 *    the backlog waits, it does not fail. The count lives at Google, not in the hub;
 * 4. identifiers no rule recognises fail the task once the others are submitted.
 */
export async function eraseGoogleAnalyticsUser(
  client: GoogleAnalyticsClient,
  input: ActionInput,
): Promise<ActionOutcome> {
  const { targets, unrecognised } = deletionTargets(input.subject, client.deleteByEmail);
  if (targets.length === 0 && unrecognised.length === 0) {
    return { kind: 'not_applicable', reason: 'no Google Analytics identifiers in the request' };
  }

  const exhausted: string[] = [];
  let submitted = 0;
  let receivedAt: string | undefined;
  for (const propertyId of client.propertyIds) {
    for (const target of targets) {
      const answer = await submitUserDeletion(client, propertyId, target);
      if (answer.kind === 'submitted') {
        submitted += 1;
        if (
          answer.deletionRequestTime &&
          (!receivedAt || answer.deletionRequestTime > receivedAt)
        ) {
          receivedAt = answer.deletionRequestTime;
        }
        continue;
      }
      const { exhaustion, google } = answer;
      if (exhaustion.window === 'short') {
        return {
          kind: 'retry',
          error: `Google Analytics rate limit (${google.httpStatus} ${google.status ?? ''})`.trim(),
          vendorStatus: google.httpStatus,
          retryAfterMs: exhaustion.retryAfterMs,
          rateLimited: true,
        };
      }
      exhausted.push(propertyId);
      break;
    }
  }

  const total = targets.length * client.propertyIds.length;
  if (exhausted.length > 0) {
    const refill = nextDailyQuotaRefill(input.now);
    return {
      kind: 'retry',
      error:
        `daily user-deletion quota used up at properties ${exhausted.join(', ')} ` +
        `(${submitted} of ${total} deletions submitted); Google refills it at ${refill.toISOString()}`,
      vendorStatus: 429,
      retryAfterMs: refill.getTime() - input.now.getTime(),
      rateLimited: true,
    };
  }
  if (unrecognised.length > 0) {
    return {
      kind: 'failed',
      error:
        `unrecognised Google Analytics identifiers ${unrecognised.map(maskIdentifier).join(', ')} ` +
        `(${submitted} deletions for the others submitted): send client ids as GA1.2.x.y or x.y, ` +
        'and other ids with a user:, client: or app: prefix',
    };
  }
  return {
    kind: 'acknowledged',
    evidence: {
      vendorStatus: 200,
      detail: describeSubmissions(targets, client.propertyIds, receivedAt),
      retained: RETAINED,
    },
  };
}

function describeSubmissions(
  targets: readonly DeletionTarget[],
  propertyIds: readonly string[],
  receivedAt: string | undefined,
): string {
  const count = targets.length * propertyIds.length;
  const received = receivedAt ? `; Google received the last at ${receivedAt}` : '';
  return (
    `${SUBMIT_USER_DELETION} ×${count}: ${targets.map(describeTarget).join(', ')} ` +
    `at properties ${propertyIds.join(', ')}${received}`
  );
}
