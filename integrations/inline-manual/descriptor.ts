import type { Env, IntegrationDescriptor } from '../contract.ts';
import { checkProfileUrlTemplate, DEFAULT_PROFILE_URL_TEMPLATE } from './profile-url.ts';

/** How the hub reaches one Inline Manual site's profiles. */
export interface InlineManualConfig {
  /**
   * Scheme and host of the API.
   * @default 'https://inlinemanual.com' (the host of Inline Manual's official API libraries)
   */
  baseUrl: string;
  /** A site API token with "Write access" (Site settings → API Access). */
  apiToken: string;
  /** The site whose people-tracking profiles the company fills. */
  siteKey: string;
  /**
   * Where one profile lives; DELETE erases it, GET reads it back.
   * @default DEFAULT_PROFILE_URL_TEMPLATE (unconfirmed against Inline Manual's reference)
   */
  profileUrlTemplate: string;
}

/** Inline Manual's API host, as its official (older) PHP and Ruby libraries use it. */
export const INLINE_MANUAL_DEFAULT_BASE_URL = 'https://inlinemanual.com';

const CREDENTIAL_VARIABLES = ['INLINE_MANUAL_API_TOKEN', 'INLINE_MANUAL_SITE_KEY'] as const;

/**
 * Reads the site's settings. Undefined when no credential is set; a partial or
 * malformed setting fails fast with the variable's name.
 */
export function readInlineManualConfig(env: Env): InlineManualConfig | undefined {
  const present = CREDENTIAL_VARIABLES.filter((name) => env[name]?.trim());
  if (present.length === 0) return undefined;
  const missing = CREDENTIAL_VARIABLES.filter((name) => !present.includes(name));
  if (missing.length > 0) {
    throw new Error(
      `inline-manual: ${missing.join(', ')} must be set along with ${present.join(', ')}`,
    );
  }
  const profileUrlTemplate =
    env.INLINE_MANUAL_DELETE_URL_TEMPLATE?.trim() || DEFAULT_PROFILE_URL_TEMPLATE;
  checkProfileUrlTemplate(profileUrlTemplate, 'INLINE_MANUAL_DELETE_URL_TEMPLATE');
  return {
    baseUrl: readBaseUrl(env.INLINE_MANUAL_BASE_URL),
    apiToken: (env.INLINE_MANUAL_API_TOKEN ?? '').trim(),
    siteKey: (env.INLINE_MANUAL_SITE_KEY ?? '').trim(),
    profileUrlTemplate,
  };
}

function readBaseUrl(value: string | undefined): string {
  const raw = value?.trim() || INLINE_MANUAL_DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('inline-manual: INLINE_MANUAL_BASE_URL must be an http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('inline-manual: INLINE_MANUAL_BASE_URL must be an http(s) URL');
  }
  return url.origin;
}

/**
 * Inline Manual (in-app guides): its public API (Standard PRO and Enterprise plans)
 * deletes one people-tracking profile with a write-enabled site token.
 */
export const inlineManualDescriptor: IntegrationDescriptor<InlineManualConfig> = {
  name: 'inline-manual',
  title: 'Inline Manual',
  mode: 'automatic',
  supports: ['erasure', 'rectification', 'restriction'],
  // Inline Manual publishes no rate limit; a DSR hub sends a handful of calls per request.
  rateLimit: { perSecond: 2, envVar: 'INLINE_MANUAL_RATE_LIMIT' },
  configure: readInlineManualConfig,
};
