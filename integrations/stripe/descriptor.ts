import type { Env, IntegrationDescriptor } from '../contract.ts';

/** What the Stripe integration needs to reach one Stripe account. */
export interface StripeConfig {
  /** A secret (`sk_…`) or restricted (`rk_…`) key with write access to customers. */
  secretKey: string;
  /**
   * Where the API lives.
   * @default `https://api.stripe.com`
   */
  api: { protocol: 'http' | 'https'; host: string; port: number };
}

/**
 * Stripe holds the billing identity: customers with email, name, phone, address and
 * saved payment methods. Loaded by the API function without the SDK.
 */
export const stripeDescriptor: IntegrationDescriptor<StripeConfig> = {
  name: 'stripe',
  title: 'Stripe',
  mode: 'automatic',
  supports: ['erasure', 'rectification', 'restriction'],
  // Stripe's test mode allows 25 requests/s, and so does every single endpoint in live mode.
  rateLimit: { perSecond: 25, envVar: 'STRIPE_RATE_LIMIT' },
  configure(env: Env): StripeConfig | undefined {
    const secretKey = env.STRIPE_SECRET_KEY?.trim();
    if (!secretKey) return undefined;
    if (!/^(sk|rk)_(test|live)_\w+$/.test(secretKey)) {
      throw new Error('STRIPE_SECRET_KEY must be a secret (sk_…) or restricted (rk_…) key');
    }
    return { secretKey, api: readApi(env.STRIPE_BASE_URL?.trim() || 'https://api.stripe.com') };
  },
};

function readApi(value: string): StripeConfig['api'] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('STRIPE_BASE_URL must be an absolute URL such as https://api.stripe.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('STRIPE_BASE_URL must use http or https');
  }
  if (url.pathname !== '/' || url.search) {
    throw new Error('STRIPE_BASE_URL must be a scheme and host only: the hub appends /v1/…');
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  const port = url.port ? Number(url.port) : protocol === 'http' ? 80 : 443;
  return { protocol, host: url.hostname, port };
}
