import type { SandboxRequest, SandboxResponse } from '../../sandbox-kit/http.ts';
import type { VendorBehaviour } from '../../sandbox-kit/server.ts';
import { basicCredential, tokenCredential } from './auth.ts';
import type { EndpointContext } from './endpoints.ts';
import * as endpoints from './endpoints.ts';
import { GitHubRateLimits } from './limits.ts';
import { badCredentials, githubError, notFound, requiresAuthentication } from './replies.ts';
import { type GitHubWorld, SANDBOX_CREDENTIALS } from './world.ts';

interface Route {
  method: string;
  /** GitHub's path template, which names the endpoint for the secondary limit. */
  template: string;
  pattern: RegExp;
  /** The org owner's token, or the OAuth app's Basic credentials. */
  auth: 'token' | 'oauth-app';
  handle(context: EndpointContext): SandboxResponse;
}

function route(
  method: string,
  template: string,
  handle: Route['handle'],
  auth: Route['auth'] = 'token',
): Route {
  const pattern = new RegExp(`^${template.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);
  return { method, template, pattern, auth, handle };
}

const ROUTES: readonly Route[] = [
  route('GET', '/search/users', endpoints.searchUsers),
  route('GET', '/users/{username}', endpoints.getUser),
  route('GET', '/orgs/{org}/members/{username}', endpoints.checkMembership),
  route('DELETE', '/orgs/{org}/members/{username}', endpoints.removeMember),
  route('GET', '/orgs/{org}/outside_collaborators', endpoints.listOutsideCollaborators),
  route(
    'DELETE',
    '/orgs/{org}/outside_collaborators/{username}',
    endpoints.removeOutsideCollaborator,
  ),
  route('GET', '/repos/{owner}/{repo}', endpoints.getRepository),
  route('DELETE', '/repos/{owner}/{repo}', endpoints.deleteRepository),
  route('DELETE', '/applications/{client_id}/grant', endpoints.deleteGrant, 'oauth-app'),
  route('POST', '/applications/{client_id}/token', endpoints.checkToken, 'oauth-app'),
];

const SUPPORTED_API_VERSIONS = new Set(['2022-11-28']);

function findRoute(request: SandboxRequest) {
  for (const candidate of ROUTES) {
    if (candidate.method !== request.method) continue;
    const match = candidate.pattern.exec(request.path);
    if (!match) continue;
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) {
      params[name] = decodeURIComponent(value);
    }
    return { route: candidate, params };
  }
  return undefined;
}

function authProblem(
  request: SandboxRequest,
  found: { route: Route; params: Record<string, string> },
) {
  if (found.route.auth === 'oauth-app') {
    const basic = basicCredential(request.headers);
    if (!basic) return requiresAuthentication();
    if (
      basic.user !== SANDBOX_CREDENTIALS.clientId ||
      basic.password !== SANDBOX_CREDENTIALS.clientSecret
    ) {
      return badCredentials();
    }
    // Credentials of one app cannot manage another app's grants.
    return found.params.client_id === basic.user ? undefined : notFound();
  }
  const token = tokenCredential(request.headers);
  if (!token) return requiresAuthentication();
  return token === SANDBOX_CREDENTIALS.token ? undefined : badCredentials();
}

/**
 * GitHub's REST API for the paths the hub calls, with GitHub's auth answers (401 `Bad
 * credentials`), error bodies, `x-ratelimit-*` headers on every answer, the primary limit
 * (403, `x-ratelimit-remaining: 0`) and the secondary one (403 with `retry-after`).
 */
export function githubBehaviour(world: GitHubWorld, keepData: () => boolean): VendorBehaviour {
  const limits = new GitHubRateLimits(
    () => world.primaryRateLimit,
    () => world.secondaryPointsPerMinute,
  );
  return {
    name: 'github',
    // A per-second ceiling well above the 3/s the hub sends; the per-minute limits are above.
    rateLimit: 15,
    rateLimited: (retryAfterMs, withHint) => GitHubRateLimits.burstLimited(retryAfterMs, withHint),
    serverError: () => githubError(500, 'Server Error'),
    handle(request) {
      const version = request.headers['x-github-api-version'];
      if (typeof version === 'string' && !SUPPORTED_API_VERSIONS.has(version)) {
        return githubError(400, `API version ${version} is not supported.`);
      }
      const found = findRoute(request);
      if (!found) return notFound();
      const refused = authProblem(request, found);
      if (refused) return refused;
      const endpoint = `${found.route.method} ${found.route.template}`;
      const counted = limits.take(request.method, request.path, endpoint, Date.now());
      if ('refused' in counted) return counted.refused;
      const response = found.route.handle({
        world,
        request,
        params: found.params,
        keepData: keepData(),
      });
      return { ...response, headers: { ...counted.headers, ...response.headers } };
    },
    seed: (data) => world.seed(data as Parameters<GitHubWorld['seed']>[0]),
    reset() {
      world.reset();
      limits.clear();
    },
    state: () => world.snapshot(),
  };
}
