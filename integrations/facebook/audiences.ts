import { maskEmail, normalizeEmail } from '../../core/masking.ts';
import type { ActionOutcome } from '../../core/outcome.ts';
import type { ActionInput } from '../contract.ts';
import { emailSha256 } from './email-hash.ts';
import { type FacebookClient, usersEdge } from './graph-client.ts';
import { GraphApiError, graphFailureOutcome } from './graph-errors.ts';

const NO_EMAIL = 'the request has no email, and Facebook audiences hold only hashed emails';
const ASYNC = 'Meta applies audience changes asynchronously, usually within 24 hours.';
const RESYNC =
  'An upload from the company audience sync would add the person again unless it excludes them.';

/**
 * Erasure: removes the email's hash from every configured Custom Audience. Meta answers
 * `num_received` whether or not the hash was in the audience, so a repeat is harmless.
 */
export function eraseFromAudiences(client: FacebookClient, input: ActionInput) {
  return removeFromAudiences(client, input, {
    purpose: 'erasure',
    retained: `${ASYNC} ${RESYNC}`,
  });
}

/**
 * Restriction: the same removal. A Custom Audience exists only to target or exclude people in
 * ads, so leaving it stops that processing (Art. 18) while the company keeps the data itself.
 */
export function restrictInAudiences(client: FacebookClient, input: ActionInput) {
  return removeFromAudiences(client, input, {
    purpose: 'restriction',
    retained: `${ASYNC} The company keeps the person's data; lifting the restriction means uploading them again. ${RESYNC}`,
  });
}

async function removeFromAudiences(
  client: FacebookClient,
  input: ActionInput,
  options: { purpose: string; retained: string },
): Promise<ActionOutcome> {
  const email = input.subject.email;
  if (!email?.trim()) return { kind: 'not_applicable', reason: NO_EMAIL };
  return answerGraphFailures(async () => {
    const hash = emailSha256(email);
    let vendorStatus = 200;
    let received = 0;
    for (const audienceId of client.audienceIds) {
      // https://developers.facebook.com/docs/marketing-api/reference/custom-audience/users
      const answer = await client.removeEmailHashes(audienceId, [hash]);
      if (answer.numInvalidEntries > 0) return invalidHash(audienceId, answer.status);
      vendorStatus = answer.status;
      received += answer.numReceived;
    }
    return {
      kind: 'acknowledged',
      evidence: {
        vendorStatus,
        detail:
          `DELETE ${usersEdge(client.apiVersion)} (${options.purpose}): EMAIL_SHA256 of ` +
          `${maskEmail(normalizeEmail(email))} at audiences ${client.audienceIds.join(', ')}; ` +
          `Meta received ${received} of ${client.audienceIds.length}`,
        retained: options.retained,
      },
    };
  });
}

/**
 * Rectification of the email: removes the old address's hash from every configured audience,
 * then adds the new one's. Audiences hold nothing but the hash, so other changes do not apply.
 */
export async function rectifyInAudiences(
  client: FacebookClient,
  input: ActionInput,
): Promise<ActionOutcome> {
  const newEmail = input.changes?.email;
  const oldEmail = input.subject.email;
  if (!newEmail?.trim()) {
    return {
      kind: 'not_applicable',
      reason: 'Facebook audiences hold only hashed emails, and the change names no new email',
    };
  }
  if (!oldEmail?.trim()) return { kind: 'not_applicable', reason: NO_EMAIL };
  const oldHash = emailSha256(oldEmail);
  const newHash = emailSha256(newEmail);
  if (oldHash === newHash) {
    return { kind: 'not_applicable', reason: 'the new email hashes the same as the current one' };
  }
  return answerGraphFailures(async () => {
    let vendorStatus = 200;
    for (const audienceId of client.audienceIds) {
      const removed = await client.removeEmailHashes(audienceId, [oldHash]);
      if (removed.numInvalidEntries > 0) return invalidHash(audienceId, removed.status);
      // https://developers.facebook.com/docs/marketing-api/reference/custom-audience/users
      const added = await client.addEmailHashes(audienceId, [newHash]);
      if (added.numInvalidEntries > 0) return invalidHash(audienceId, added.status);
      vendorStatus = added.status;
    }
    return {
      kind: 'acknowledged',
      evidence: {
        vendorStatus,
        detail:
          `DELETE then POST ${usersEdge(client.apiVersion)}: EMAIL_SHA256 of ` +
          `${maskEmail(normalizeEmail(oldEmail))} replaced by that of ` +
          `${maskEmail(normalizeEmail(newEmail))} at audiences ${client.audienceIds.join(', ')}`,
        retained: ASYNC,
      },
    };
  });
}

/** A SHA-256 hex string is always valid for `EMAIL_SHA256`; Meta refusing it means a bug. */
function invalidHash(audienceId: string, vendorStatus: number): ActionOutcome {
  return {
    kind: 'failed',
    error: `Facebook counted the email hash as an invalid entry at audience ${audienceId}`,
    vendorStatus,
  };
}

async function answerGraphFailures(action: () => Promise<ActionOutcome>): Promise<ActionOutcome> {
  try {
    return await action();
  } catch (error) {
    const outcome = error instanceof GraphApiError ? graphFailureOutcome(error) : undefined;
    if (outcome) return outcome;
    throw error;
  }
}
