import type { Env, IntegrationDescriptor } from '../contract.ts';

/** What the Facebook integration needs to edit Custom Audiences through the Graph API. */
export interface FacebookConfig {
  /**
   * Scheme and host of the Graph API; the hub appends `/v{N}.0/{audience_id}/users`.
   * @default `https://graph.facebook.com`
   */
  baseUrl: string;
  /**
   * Graph API version, from `FACEBOOK_API_VERSION`.
   * @default `v24.0`, the version `facebook-nodejs-business-sdk` 24 is built for
   */
  apiVersion: string;
  /** A system-user token with `ads_management` on the ad account (`FACEBOOK_ACCESS_TOKEN`). */
  accessToken: string;
  /** Customer-list Custom Audiences the company uploads emails to (`FACEBOOK_AUDIENCE_IDS`). */
  audienceIds: string[];
  /** With the app's "Require App Secret" setting, every call carries `appsecret_proof`. */
  appSecret?: string;
}

/**
 * Facebook holds the company's customer-list Custom Audiences: SHA-256 hashes of emails used
 * to target or exclude people in ads. Loaded by the API function without any SDK.
 */
export const facebookDescriptor: IntegrationDescriptor<FacebookConfig> = {
  name: 'facebook',
  title: 'Facebook Custom Audiences',
  mode: 'automatic',
  supports: ['erasure', 'rectification', 'restriction'],
  // Custom-audience calls per ad account and hour: 5,000 + 40 × audiences on the Development
  // tier (≈1.4/s), 190,000 + 40 × audiences on Standard (≈53/s). 1/s fits either.
  rateLimit: { perSecond: 1, envVar: 'FACEBOOK_RATE_LIMIT' },
  configure(env: Env): FacebookConfig | undefined {
    const accessToken = env.FACEBOOK_ACCESS_TOKEN?.trim();
    const audienceIds = readAudienceIds(env.FACEBOOK_AUDIENCE_IDS);
    if (!accessToken || audienceIds.length === 0) return undefined;
    return {
      baseUrl: readBaseUrl(env.FACEBOOK_BASE_URL),
      apiVersion: readApiVersion(env.FACEBOOK_API_VERSION),
      accessToken,
      audienceIds,
      appSecret: env.FACEBOOK_APP_SECRET?.trim() || undefined,
    };
  },
};

function readAudienceIds(value: string | undefined): string[] {
  const ids = (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (ids.some((id) => !/^\d{1,30}$/.test(id))) {
    throw new Error('FACEBOOK_AUDIENCE_IDS must be a comma list of numeric Custom Audience ids');
  }
  return [...new Set(ids)];
}

function readApiVersion(value: string | undefined): string {
  const raw = value?.trim();
  if (!raw) return 'v24.0';
  const match = /^v?(\d{1,3})(?:\.0)?$/.exec(raw);
  if (!match) throw new Error('FACEBOOK_API_VERSION must look like v24.0');
  return `v${match[1]}.0`;
}

function readBaseUrl(value: string | undefined): string {
  const raw = value?.trim();
  if (!raw) return 'https://graph.facebook.com';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('FACEBOOK_BASE_URL must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('FACEBOOK_BASE_URL must use http or https');
  }
  if (url.pathname !== '/' || url.search !== '') {
    throw new Error('FACEBOOK_BASE_URL must be a scheme and host only');
  }
  return url.origin;
}
