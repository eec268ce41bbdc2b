import type { Env, IntegrationDescriptor } from '../contract.ts';

/** What the Auth0 integration needs to reach a tenant's Management API. */
export interface Auth0Config {
  /** The tenant domain, e.g. `acme.eu.auth0.com`; also names the API audience. */
  domain: string;
  clientId: string;
  clientSecret: string;
  /**
   * Scheme and host every call goes to, `/oauth/token` included.
   * @default `https://<domain>`
   */
  baseUrl: string;
}

/**
 * Auth0 holds the login identity: email, name, phone, social identities.
 * Loaded by the API function without the SDK.
 */
export const auth0Descriptor: IntegrationDescriptor<Auth0Config> = {
  name: 'auth0',
  title: 'Auth0',
  mode: 'automatic',
  supports: ['erasure', 'rectification', 'restriction'],
  // Free tier: 2 requests/s sustained for the Management API (Auth0 rate limit policy, Free).
  rateLimit: { perSecond: 2, envVar: 'AUTH0_RATE_LIMIT' },
  configure(env: Env): Auth0Config | undefined {
    const domain = env.AUTH0_DOMAIN?.trim();
    const clientId = env.AUTH0_CLIENT_ID?.trim();
    const clientSecret = env.AUTH0_CLIENT_SECRET?.trim();
    if (!domain || !clientId || !clientSecret) return undefined;
    if (/[/?#:\s]/.test(domain)) {
      throw new Error('AUTH0_DOMAIN must be a bare host name such as acme.eu.auth0.com');
    }
    return { domain, clientId, clientSecret, baseUrl: readBaseUrl(env, `https://${domain}`) };
  },
};

function readBaseUrl(env: Env, fallback: string): string {
  const value = env.AUTH0_BASE_URL?.trim();
  if (!value) return fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('AUTH0_BASE_URL must be an absolute URL such as https://acme.eu.auth0.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('AUTH0_BASE_URL must use http or https');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
