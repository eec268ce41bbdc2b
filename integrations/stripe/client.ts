import Stripe from 'stripe';
import type { VendorFetch } from '../contract.ts';
import type { StripeConfig } from './descriptor.ts';

/** The official Stripe client, wired to the host's fetch. */
export type StripeClient = Stripe;

/** Builds a Stripe client whose every call goes through `vendorFetch`. */
export function createStripeClient(config: StripeConfig, vendorFetch: VendorFetch): StripeClient {
  return new Stripe(config.secretKey, {
    host: config.api.host,
    port: config.api.port,
    protocol: config.api.protocol,
    httpClient: Stripe.createFetchHttpClient(vendorFetch),
    // The host owns retries and their schedule.
    maxNetworkRetries: 0,
    // Latency telemetry would describe earlier calls in later requests' headers; not needed.
    telemetry: false,
  });
}
