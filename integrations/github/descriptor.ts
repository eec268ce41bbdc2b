import type { Env, IntegrationDescriptor } from '../contract.ts';

/** What the GitHub integration needs: an org owner's token and the OAuth app's credentials. */
export interface GitHubConfig {
  /** Personal access token of an owner of `org` (scopes `admin:org`, `delete_repo`). */
  token: string;
  /** The organization whose members and repositories the company manages. */
  org: string;
  /** The OAuth app people sign in with: its grant is what erasure revokes. */
  clientId: string;
  clientSecret: string;
  /**
   * Scheme and host of the REST API; the SDK appends GitHub's paths.
   * @default 'https://api.github.com'
   */
  baseUrl: string;
}

/** GitHub's REST API on github.com. */
export const GITHUB_API_URL = 'https://api.github.com';

/**
 * GitHub's secondary limit allows 900 points a minute per endpoint and counts a DELETE as
 * 5 points: 180 deletes a minute, 3 a second. Reads cost 1 point, so 3/s keeps every call
 * the hub makes under it.
 */
export const GITHUB_REQUESTS_PER_SECOND = 3;

const CREDENTIALS = ['GITHUB_TOKEN', 'GITHUB_ORG', 'GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'];

function readBaseUrl(env: Env): string {
  const raw = env.GITHUB_BASE_URL?.trim() || GITHUB_API_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('GITHUB_BASE_URL is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('GITHUB_BASE_URL must be an http or https URL');
  }
  return raw.replace(/\/+$/, '');
}

/**
 * GitHub as a subprocessor: sign-in through an OAuth app and the customer's site
 * repositories in the company's organization.
 */
export const githubDescriptor: IntegrationDescriptor<GitHubConfig> = {
  name: 'github',
  title: 'GitHub',
  mode: 'automatic',
  supports: ['erasure', 'rectification', 'restriction'],
  rateLimit: { perSecond: GITHUB_REQUESTS_PER_SECOND, envVar: 'GITHUB_RATE_LIMIT' },
  configure(env) {
    const [token, org, clientId, clientSecret] = CREDENTIALS.map((name) => env[name]?.trim());
    if (!token || !org || !clientId || !clientSecret) return undefined;
    return { token, org, clientId, clientSecret, baseUrl: readBaseUrl(env) };
  },
};
