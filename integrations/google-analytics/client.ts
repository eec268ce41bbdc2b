import { analyticsadmin, type analyticsadmin_v1alpha, auth } from '@googleapis/analyticsadmin';
import type { VendorFetch } from '../contract.ts';
import { GOOGLE_TOKEN_URI, type GoogleCredentials } from './credentials.ts';
import { ANALYTICS_EDIT_SCOPE, type GoogleAnalyticsConfig } from './descriptor.ts';

/** The official Admin API client, wired to the host's fetch, and where to send deletions. */
export interface GoogleAnalyticsClient {
  admin: analyticsadmin_v1alpha.Analyticsadmin;
  propertyIds: readonly string[];
  deleteByEmail: boolean;
}

/**
 * Builds the `@googleapis/analyticsadmin` client so that every call, a service account's
 * token request included, goes through `vendorFetch`: `fetchImplementation` is gaxios' own
 * hook for a custom fetch, and `rootUrl` points the client at `config.baseUrl`.
 */
export function createGoogleAnalyticsClient(
  config: GoogleAnalyticsConfig,
  vendorFetch: VendorFetch,
): GoogleAnalyticsClient {
  const options = {
    version: 'v1alpha' as const,
    rootUrl: `${config.baseUrl}/`,
    fetchImplementation: vendorFetch,
    // The host owns retries and their schedule; gaxios would otherwise retry 429 and 5xx itself.
    retry: false,
  };
  const credentials = config.credentials;
  const admin =
    credentials.kind === 'access_token'
      ? analyticsadmin({
          ...options,
          headers: { Authorization: `Bearer ${credentials.accessToken}` },
        })
      : analyticsadmin({ ...options, auth: serviceAccountAuth(credentials, vendorFetch) });
  return { admin, propertyIds: config.propertyIds, deleteByEmail: config.deleteByEmail };
}

function serviceAccountAuth(
  credentials: Extract<GoogleCredentials, { kind: 'service_account' }>,
  vendorFetch: VendorFetch,
) {
  // The auth library always posts to Google's token URL; the key file's token_uri may differ.
  const tokenFetch: typeof fetch = (input, init) =>
    vendorFetch(redirect(input, GOOGLE_TOKEN_URI, credentials.tokenUri), init);
  return new auth.JWT({
    email: credentials.clientEmail,
    key: credentials.privateKey,
    keyId: credentials.privateKeyId,
    scopes: [ANALYTICS_EDIT_SCOPE],
    transporterOptions: { fetchImplementation: tokenFetch },
  });
}

function redirect(input: string | URL | Request, from: string, to: string) {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (from === to || url !== from) return input;
  return input instanceof Request ? new Request(to, input) : to;
}
