import type { ActionOutcome } from '../../core/outcome.ts';
import type { ActionInput } from '../contract.ts';
import type { StripeClient } from './client.ts';
import { describeCustomers, findCustomer, subjectCustomerIds } from './customers.ts';
import { StripeCallError, stripeCall } from './errors.ts';

/** What Stripe keeps after the customer is deleted, and why; recorded with every erasure. */
export const STRIPE_RETAINED =
  'Charges, invoices and payment records keep their billing details (name, email, address, card ' +
  'brand and last 4 digits): the company keeps them as accounting records under the Accounting ' +
  'Act, and Stripe keeps them for its own legal duties. Redacting them with Stripe Redaction ' +
  'Jobs (/v1/privacy/redaction_jobs, public preview; transactions only after 90 days) is the ' +
  'later step, once the retention period ends.';

/**
 * Erasure at Stripe:
 * 1. collects the customer id the request names and every live customer its email finds;
 * 2. deletes each one, which also cancels its subscriptions and removes its saved cards;
 * 3. a 404 means the customer is gone already (a repeat) or never existed: one read tells which.
 */
export async function eraseStripeCustomers(
  client: StripeClient,
  input: ActionInput,
): Promise<ActionOutcome> {
  if (!input.subject.ids?.stripe && !input.subject.email) {
    return {
      kind: 'not_applicable',
      reason: 'the request names no Stripe customer id and no email',
    };
  }
  const ids = await subjectCustomerIds(client, input.subject);
  const deleted: string[] = [];
  let alreadyDeleted = 0;
  // A repeat finds every customer deleted already: the DELETE answered 404 for each.
  let vendorStatus = 404;
  for (const id of ids) {
    try {
      // https://docs.stripe.com/api/customers/delete
      const answer = await stripeCall('DELETE /v1/customers/{id}', () => client.customers.del(id));
      vendorStatus = answer.lastResponse.statusCode;
      deleted.push(id);
    } catch (error) {
      if (!(error instanceof StripeCallError && error.resourceMissing)) throw error;
      // Deleted customers stay retrievable with `deleted: true`; unknown ids do not.
      if ((await findCustomer(client, id))?.deleted) {
        deleted.push(id);
        alreadyDeleted += 1;
      }
    }
  }
  if (deleted.length === 0) {
    return { kind: 'not_applicable', reason: 'no Stripe customer with this id or email' };
  }
  const repeat = alreadyDeleted > 0 ? `; ${alreadyDeleted} already deleted` : '';
  return {
    kind: 'acknowledged',
    evidence: {
      vendorStatus,
      detail: `DELETE /v1/customers/${describeCustomers(deleted)}${repeat}`,
      retained: STRIPE_RETAINED,
    },
  };
}
