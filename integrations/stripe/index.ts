import type { Integration } from '../contract.ts';
import { createStripeClient, type StripeClient } from './client.ts';
import { type StripeConfig, stripeDescriptor } from './descriptor.ts';
import { eraseStripeCustomers } from './erase.ts';
import { rectifyStripeCustomers, restrictStripeCustomers } from './update.ts';
import { verifyStripe } from './verify.ts';

/**
 * Stripe through the official `stripe` SDK: erasure deletes every customer of the subject
 * (billing records stay, by law), rectification updates email, name and phone, restriction
 * marks the customers with metadata because Stripe has no restriction switch.
 */
export const stripeIntegration: Integration<StripeConfig, StripeClient> = {
  ...stripeDescriptor,
  createClient: createStripeClient,
  erase: eraseStripeCustomers,
  rectify: rectifyStripeCustomers,
  restrict: restrictStripeCustomers,
  verify: verifyStripe,
};

export type { StripeClient } from './client.ts';
export type { StripeConfig } from './descriptor.ts';
