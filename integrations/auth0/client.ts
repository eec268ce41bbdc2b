import { ManagementClient } from 'auth0';
import type { VendorFetch } from '../contract.ts';
import type { Auth0Config } from './descriptor.ts';

/** The official Management API client, wired to the host's fetch. */
export type Auth0Client = ManagementClient;

/**
 * Builds a Management API client whose every call, the client-credentials token
 * request included, goes through `vendorFetch` at `config.baseUrl`.
 */
export function createAuth0Client(config: Auth0Config, vendorFetch: VendorFetch): Auth0Client {
  const tenantOrigin = `https://${config.domain}`;
  const routedFetch: typeof fetch = (input, init) =>
    vendorFetch(rebase(input, tenantOrigin, config.baseUrl), init);
  return new ManagementClient({
    domain: config.domain,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    // ManagementClient always builds https://{domain}/…; this is how a base URL gets in.
    fetch: routedFetch,
    // The host owns retries and their schedule; the SDK would otherwise retry 429 and 5xx twice.
    maxRetries: 0,
  });
}

function rebase(input: string | URL | Request, tenantOrigin: string, baseUrl: string) {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url !== tenantOrigin && !url.startsWith(`${tenantOrigin}/`)) {
    throw new Error('the Auth0 SDK tried to reach a host other than the tenant');
  }
  const target = `${baseUrl}${url.slice(tenantOrigin.length)}`;
  return input instanceof Request ? new Request(target, input) : target;
}
