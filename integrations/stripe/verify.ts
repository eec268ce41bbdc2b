import type Stripe from 'stripe';
import type { Subject } from '../../core/model.ts';
import type { Verification } from '../../core/outcome.ts';
import type { ActionInput } from '../contract.ts';
import type { StripeClient } from './client.ts';
import { customersByEmail, describeCustomers, findCustomer } from './customers.ts';
import { RESTRICTED_KEY, toStripeChanges } from './update.ts';

/** Reads Stripe back after an acknowledged action: are the customers deleted, changed, marked? */
export async function verifyStripe(
  client: StripeClient,
  input: ActionInput,
): Promise<Verification> {
  if (!input.subject.ids?.stripe && !input.subject.email) {
    return { kind: 'unverifiable', reason: 'the request names no Stripe customer id and no email' };
  }
  switch (input.type) {
    case 'erasure':
      return verifyDeleted(client, input.subject);
    case 'rectification':
      return verifyRectified(client, input);
    case 'restriction':
      return verifyMarked(client, input.subject);
  }
}

async function verifyDeleted(client: StripeClient, subject: Subject): Promise<Verification> {
  const live = await liveCustomers(client, subject, subject.email);
  if (live.length > 0) {
    return { kind: 'still_present', detail: `${describeCustomers(idsOf(live))} not deleted` };
  }
  const checks = [
    subject.ids?.stripe ? 'GET /v1/customers/{id} shows deleted: true' : undefined,
    subject.email ? 'no customer listed under the email' : undefined,
  ];
  return { kind: 'verified', detail: checks.filter(Boolean).join('; ') };
}

async function verifyRectified(client: StripeClient, input: ActionInput): Promise<Verification> {
  const expected = toStripeChanges(input.changes);
  // After an email change the customers are listed under the new address.
  const customers = await liveCustomers(
    client,
    input.subject,
    expected.email ?? input.subject.email,
  );
  if (customers.length === 0) {
    return { kind: 'unverifiable', reason: 'no Stripe customer found to read back' };
  }
  const fields = Object.keys(expected).join(', ');
  const stale = customers.filter(
    (customer) =>
      (expected.email !== undefined && customer.email !== expected.email) ||
      (expected.name !== undefined && customer.name !== expected.name) ||
      (expected.phone !== undefined && customer.phone !== expected.phone),
  );
  if (stale.length > 0) {
    return {
      kind: 'still_present',
      detail: `${describeCustomers(idsOf(stale))} still show old values of (${fields})`,
    };
  }
  return {
    kind: 'verified',
    detail: `${describeCustomers(idsOf(customers))} show the new (${fields})`,
  };
}

async function verifyMarked(client: StripeClient, subject: Subject): Promise<Verification> {
  const customers = await liveCustomers(client, subject, subject.email);
  if (customers.length === 0) {
    return { kind: 'unverifiable', reason: 'no Stripe customer found to read back' };
  }
  const unmarked = customers.filter((customer) => customer.metadata[RESTRICTED_KEY] !== 'true');
  if (unmarked.length > 0) {
    return {
      kind: 'still_present',
      detail: `${describeCustomers(idsOf(unmarked))} lack metadata[${RESTRICTED_KEY}]`,
    };
  }
  return {
    kind: 'verified',
    detail: `${describeCustomers(idsOf(customers))} carry metadata[${RESTRICTED_KEY}]=true`,
  };
}

/** The named customer (unless deleted) and every live customer the address lists. */
async function liveCustomers(
  client: StripeClient,
  subject: Subject,
  email: string | undefined,
): Promise<Stripe.Customer[]> {
  const byId = new Map<string, Stripe.Customer>();
  const named = subject.ids?.stripe ? await findCustomer(client, subject.ids.stripe) : undefined;
  if (named && !named.deleted) byId.set(named.id, named);
  for (const customer of email ? await customersByEmail(client, email) : []) {
    byId.set(customer.id, customer);
  }
  return [...byId.values()];
}

function idsOf(customers: readonly Stripe.Customer[]): string[] {
  return customers.map((customer) => customer.id);
}
