import type Stripe from 'stripe';
import type { Changes } from '../../core/model.ts';
import type { ActionOutcome } from '../../core/outcome.ts';
import type { ActionInput } from '../contract.ts';
import type { StripeClient } from './client.ts';
import { describeCustomers, subjectCustomerIds } from './customers.ts';
import { StripeCallError, stripeCall } from './errors.ts';

/** The metadata key the hub sets on a restricted customer. */
export const RESTRICTED_KEY = 'dsr_restricted';

/** What a restriction does and does not do at Stripe; recorded with every restriction. */
const RESTRICTION_LIMITS =
  'Stripe has no processing restriction: the flag marks the customer for the company’s own ' +
  'billing code, which must stop charging it. Stripe itself still runs active subscriptions, ' +
  'invoices and saved payment methods.';

/** The request's changes as customer parameters (Stripe keeps values as written). */
export function toStripeChanges(changes: Changes | undefined): Stripe.CustomerUpdateParams {
  const params: Stripe.CustomerUpdateParams = {};
  if (changes?.email?.trim()) params.email = changes.email.trim();
  if (changes?.name?.trim()) params.name = changes.name.trim();
  if (changes?.phone?.trim()) params.phone = changes.phone.trim();
  return params;
}

/** Rectification: sets email, name and phone on every customer of the subject. */
export async function rectifyStripeCustomers(
  client: StripeClient,
  input: ActionInput,
): Promise<ActionOutcome> {
  const params = toStripeChanges(input.changes);
  const fields = Object.keys(params);
  if (fields.length === 0) {
    return { kind: 'not_applicable', reason: 'no change to a field Stripe holds' };
  }
  const outcome = await updateSubjectCustomers(client, input, params);
  if (outcome.kind !== 'updated') return outcome;
  return {
    kind: 'acknowledged',
    evidence: {
      vendorStatus: outcome.vendorStatus,
      detail: `POST /v1/customers/${describeCustomers(outcome.ids)} (${fields.join(', ')})`,
    },
  };
}

/**
 * Restriction: Stripe has no switch for it, so the customers are marked with metadata
 * `dsr_restricted=true`. The evidence says plainly what that does not stop.
 */
export async function restrictStripeCustomers(
  client: StripeClient,
  input: ActionInput,
): Promise<ActionOutcome> {
  const outcome = await updateSubjectCustomers(client, input, {
    metadata: {
      [RESTRICTED_KEY]: 'true',
      dsr_restricted_at: input.now.toISOString(),
      dsr_request_id: input.requestId,
    },
  });
  if (outcome.kind !== 'updated') return outcome;
  return {
    kind: 'acknowledged',
    evidence: {
      vendorStatus: outcome.vendorStatus,
      detail: `POST /v1/customers/${describeCustomers(outcome.ids)} metadata[${RESTRICTED_KEY}]=true. ${RESTRICTION_LIMITS}`,
    },
  };
}

/**
 * 1. collects the customers the request names or its email finds;
 * 2. updates each; a customer deleted meanwhile (404) is skipped.
 */
async function updateSubjectCustomers(
  client: StripeClient,
  input: ActionInput,
  params: Stripe.CustomerUpdateParams,
): Promise<ActionOutcome | { kind: 'updated'; ids: string[]; vendorStatus: number }> {
  if (!input.subject.ids?.stripe && !input.subject.email) {
    return {
      kind: 'not_applicable',
      reason: 'the request names no Stripe customer id and no email',
    };
  }
  const ids: string[] = [];
  let vendorStatus = 200;
  for (const id of await subjectCustomerIds(client, input.subject)) {
    try {
      // https://docs.stripe.com/api/customers/update
      const answer = await stripeCall('POST /v1/customers/{id}', () =>
        client.customers.update(id, params),
      );
      vendorStatus = answer.lastResponse.statusCode;
      ids.push(id);
    } catch (error) {
      if (!(error instanceof StripeCallError && error.resourceMissing)) throw error;
    }
  }
  if (ids.length === 0) {
    return { kind: 'not_applicable', reason: 'no Stripe customer with this id or email' };
  }
  return { kind: 'updated', ids, vendorStatus };
}
