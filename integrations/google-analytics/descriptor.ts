import type { Env, IntegrationDescriptor } from '../contract.ts';
import { type GoogleCredentials, readCredentials } from './credentials.ts';

/** The OAuth scope `properties.submitUserDeletion` requires. */
export const ANALYTICS_EDIT_SCOPE = 'https://www.googleapis.com/auth/analytics.edit';

/** What the Google Analytics integration needs to submit user deletions. */
export interface GoogleAnalyticsConfig {
  /**
   * Scheme and host of the Admin API; the hub appends `/v1alpha/properties/…`.
   * @default `https://analyticsadmin.googleapis.com`
   */
  baseUrl: string;
  /** GA4 property ids (digits), from `GA_PROPERTY_IDS`; every deletion goes to each of them. */
  propertyIds: string[];
  credentials: GoogleCredentials;
  /**
   * Also submit the request's email as `userProvidedData`, for properties that collect
   * user-provided data (`GA_DELETE_BY_EMAIL=1`). Off by default: each submission uses one of
   * the property's 500 daily deletions, and a property without that collection holds no email.
   * @default false
   */
  deleteByEmail: boolean;
}

/**
 * GA4 holds pseudonymous analytics events keyed by client id (the `_ga` cookie), user id,
 * Firebase app instance id and, where collected, user-provided email. Loaded by the API
 * function without the SDK.
 */
export const googleAnalyticsDescriptor: IntegrationDescriptor<GoogleAnalyticsConfig> = {
  name: 'google-analytics',
  title: 'Google Analytics 4',
  mode: 'automatic',
  // User deletion is GA4's only per-person control: nothing to rectify, nothing to restrict.
  supports: ['erasure'],
  // Admin API: 180 writes per minute per user (3/s); the User Deletion API documents 1.5 QPS
  // per property. 1/s stays under both; the daily 500 per property is answered by Google.
  rateLimit: { perSecond: 1, envVar: 'GOOGLE_ANALYTICS_RATE_LIMIT' },
  configure(env: Env): GoogleAnalyticsConfig | undefined {
    const propertyIds = readPropertyIds(env.GA_PROPERTY_IDS);
    const credentials = readCredentials(env);
    if (propertyIds.length === 0 || !credentials) return undefined;
    return {
      baseUrl: readBaseUrl(env.GOOGLE_ANALYTICS_BASE_URL),
      propertyIds,
      credentials,
      deleteByEmail: readFlag(env.GA_DELETE_BY_EMAIL, 'GA_DELETE_BY_EMAIL'),
    };
  },
};

function readPropertyIds(value: string | undefined): string[] {
  const ids = (value ?? '')
    .split(',')
    .map((part) => part.trim().replace(/^properties\//, ''))
    .filter((part) => part !== '');
  for (const id of ids) {
    if (!/^\d{1,20}$/.test(id)) {
      throw new Error('GA_PROPERTY_IDS must be a comma list of numeric GA4 property ids');
    }
  }
  return [...new Set(ids)];
}

function readFlag(value: string | undefined, name: string): boolean {
  const flag = value?.trim().toLowerCase();
  if (!flag || flag === '0' || flag === 'false') return false;
  if (flag === '1' || flag === 'true') return true;
  throw new Error(`${name} must be 1 or 0`);
}

function readBaseUrl(value: string | undefined): string {
  const raw = value?.trim();
  if (!raw) return 'https://analyticsadmin.googleapis.com';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('GOOGLE_ANALYTICS_BASE_URL must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('GOOGLE_ANALYTICS_BASE_URL must use http or https');
  }
  // The SDK resolves its absolute paths against the root, so a path here would be dropped.
  if (url.pathname !== '/' || url.search !== '') {
    throw new Error('GOOGLE_ANALYTICS_BASE_URL must be a scheme and host only');
  }
  return url.origin;
}
