import { Octokit } from '@octokit/rest';
import type { VendorFetch } from '../contract.ts';
import type { GitHubConfig } from './descriptor.ts';

/** The two identities the hub speaks to GitHub with. */
export interface GitHubClient {
  org: string;
  clientId: string;
  /** Authenticated as the org owner (`GITHUB_TOKEN`). */
  owner: Octokit;
  /** Authenticated as the OAuth app (Basic `client_id:client_secret`), for `/applications/…`. */
  oauthApp: Octokit;
}

/** The REST API version the integration is written against. */
export const GITHUB_API_VERSION = '2022-11-28';

// Octokit logs request URLs (which hold usernames) on deprecation notices and in its
// request-log plugin; nothing of it may reach the console.
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function octokit(config: GitHubConfig, fetch: VendorFetch, auth?: string): Octokit {
  const client = new Octokit({
    auth,
    baseUrl: config.baseUrl,
    userAgent: 'dsr-hub',
    log: silent,
    request: { fetch, log: silent },
  });
  client.hook.before('request', (options) => {
    options.headers.accept = 'application/vnd.github+json';
    options.headers['x-github-api-version'] = GITHUB_API_VERSION;
  });
  return client;
}

/**
 * Builds the SDK clients. Every call goes through `fetch`, the host's rate-limited,
 * recorded fetch; there are no retry or throttling plugins, since the host retries.
 */
export function createGitHubClient(config: GitHubConfig, fetch: VendorFetch): GitHubClient {
  const oauthApp = octokit(config, fetch);
  const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64');
  // Octokit's token auth would overwrite the header, so the app client has none and sets it here.
  oauthApp.hook.before('request', (options) => {
    options.headers.authorization = `Basic ${basic}`;
  });
  return {
    org: config.org,
    clientId: config.clientId,
    owner: octokit(config, fetch, config.token),
    oauthApp,
  };
}
