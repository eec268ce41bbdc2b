import type Stripe from 'stripe';
import { maskIdentifier, normalizeEmail } from '../../core/masking.ts';
import type { Subject } from '../../core/model.ts';
import type { StripeClient } from './client.ts';
import { StripeCallError, stripeCall } from './errors.ts';

/**
 * The forms of an address to look up. The list filter is exact and case-sensitive and
 * Stripe keeps an address as it was written, so the lower-cased form and the form as
 * written are both tried.
 */
export function emailForms(email: string | undefined): string[] {
  if (!email?.trim()) return [];
  return [...new Set([normalizeEmail(email), email.trim()])];
}

/**
 * Every live customer with this address, across all pages. The list endpoint is strongly
 * consistent, unlike /v1/customers/search, which can lag by up to an hour.
 * @see https://docs.stripe.com/api/customers/list
 */
export async function customersByEmail(
  client: StripeClient,
  email: string,
): Promise<Stripe.Customer[]> {
  const found = new Map<string, Stripe.Customer>();
  for (const form of emailForms(email)) {
    await stripeCall('GET /v1/customers', async () => {
      for await (const customer of client.customers.list({ email: form, limit: 100 })) {
        found.set(customer.id, customer);
      }
    });
  }
  return [...found.values()];
}

/**
 * The customer, or undefined when Stripe answers 404; a deleted one comes back `deleted`.
 * @see https://docs.stripe.com/api/customers/retrieve
 */
export async function findCustomer(
  client: StripeClient,
  id: string,
): Promise<Stripe.Customer | Stripe.DeletedCustomer | undefined> {
  try {
    return await stripeCall('GET /v1/customers/{id}', () => client.customers.retrieve(id));
  } catch (error) {
    if (error instanceof StripeCallError && error.resourceMissing) return undefined;
    throw error;
  }
}

/** The ids the request names or its email finds, without repeats. */
export async function subjectCustomerIds(client: StripeClient, subject: Subject) {
  const ids = new Set<string>();
  if (subject.ids?.stripe) ids.add(subject.ids.stripe);
  if (subject.email) {
    for (const customer of await customersByEmail(client, subject.email)) ids.add(customer.id);
  }
  return [...ids];
}

/** `cus_Q1ab…, cus_Q7xy… (2 customers)`: enough to recognise, never a whole id. */
export function describeCustomers(ids: readonly string[]): string {
  const noun = ids.length === 1 ? 'customer' : 'customers';
  return `${ids.map(maskIdentifier).join(', ')} (${ids.length} ${noun})`;
}
