import {
  json,
  noContent,
  parseJson,
  type SandboxRequest,
  type SandboxResponse,
} from '../../sandbox-kit/http.ts';
import {
  authorizationBody,
  githubError,
  notFound,
  publicUser,
  repositoryBody,
  simpleUser,
  validationFailed,
} from './replies.ts';
import { type GitHubWorld, SANDBOX_CREDENTIALS } from './world.ts';

/** What an endpoint handler sees: the world, the request, its path parameters. */
export interface EndpointContext {
  world: GitHubWorld;
  request: SandboxRequest;
  params: Record<string, string>;
  /** `POST /__sandbox/config {"keepData": true}`: answer deletes, keep the data. */
  keepData: boolean;
}

function page(request: SandboxRequest): { perPage: number; page: number } {
  const perPage = Math.min(100, Math.max(1, Number(request.query.get('per_page')) || 30));
  const pageNumber = Math.max(1, Number(request.query.get('page')) || 1);
  return { perPage, page: pageNumber };
}

/** RFC 8288 `Link` for GitHub's page-numbered lists. */
function linkHeader(request: SandboxRequest, current: number, last: number, perPage: number) {
  const base = `http://${request.headers.host ?? '127.0.0.1'}${request.path}`;
  const link = (n: number, rel: string) => `<${base}?per_page=${perPage}&page=${n}>; rel="${rel}"`;
  const parts: string[] = [];
  if (current > 1) parts.push(link(current - 1, 'prev'), link(1, 'first'));
  if (current < last) parts.push(link(current + 1, 'next'), link(last, 'last'));
  return parts.length > 0 ? { link: parts.join(', ') } : undefined;
}

function accessToken(request: SandboxRequest): string | undefined {
  const body = parseJson(request.body) as { access_token?: unknown } | undefined;
  return typeof body?.access_token === 'string' && body.access_token !== ''
    ? body.access_token
    : undefined;
}

function isOurOrg({ world, params }: EndpointContext): boolean {
  return (params.org ?? '').toLowerCase() === world.org.toLowerCase();
}

/**
 * `GET /search/users`: a `q` of terms and `key:value` qualifiers; `in:email` looks at the
 * public email only. Terms match as substrings, looser than GitHub, so a client must
 * confirm what it finds.
 */
export function searchUsers({ world, request }: EndpointContext): SandboxResponse {
  const q = request.query.get('q')?.trim();
  if (!q) {
    return json(422, {
      message: 'Validation Failed',
      errors: [{ resource: 'Search', field: 'q', code: 'missing' }],
      documentation_url: 'https://docs.github.com/rest/search/search#search-users',
      status: '422',
    });
  }
  const words = q.split(/\s+/);
  const emailOnly = words.some((word) => word.toLowerCase() === 'in:email');
  const terms = words.filter((word) => !word.includes(':') || word.includes('@'));
  const text = terms.join(' ').toLowerCase();
  const matches = [...world.users.values()].filter((user) => {
    const fields = emailOnly ? [user.email] : [user.login, user.name, user.email];
    return fields.some((field) => field?.toLowerCase().includes(text));
  });
  const { perPage, page: current } = page(request);
  const items = matches.slice((current - 1) * perPage, current * perPage);
  return json(200, {
    total_count: matches.length,
    incomplete_results: false,
    items: items.map((user) => ({ ...simpleUser(user), score: 1 })),
  });
}

export function getUser({ world, params }: EndpointContext): SandboxResponse {
  const user = world.user(params.username ?? '');
  return user ? json(200, publicUser(user)) : notFound();
}

export function checkMembership(context: EndpointContext): SandboxResponse {
  if (!isOurOrg(context)) return notFound();
  return context.world.isMember(context.params.username ?? '') ? noContent() : notFound();
}

export function removeMember(context: EndpointContext): SandboxResponse {
  const { world, params, keepData } = context;
  const username = (params.username ?? '').toLowerCase();
  // GitHub documents 204 and 403 only; the sandbox answers 404 for a non-member.
  if (!isOurOrg(context) || !world.isMember(username)) return notFound();
  if (!keepData) world.members.delete(username);
  return noContent();
}

export function listOutsideCollaborators(context: EndpointContext): SandboxResponse {
  const { world, request } = context;
  if (!isOurOrg(context)) return notFound();
  const logins = [...world.outsideCollaborators].sort();
  const { perPage, page: current } = page(request);
  const last = Math.max(1, Math.ceil(logins.length / perPage));
  const users = logins
    .slice((current - 1) * perPage, current * perPage)
    .map((login) => world.user(login))
    .filter((user) => user !== undefined);
  return json(200, users.map(simpleUser), linkHeader(request, current, last, perPage));
}

export function removeOutsideCollaborator(context: EndpointContext): SandboxResponse {
  const { world, params, keepData } = context;
  const username = (params.username ?? '').toLowerCase();
  if (!isOurOrg(context)) return notFound();
  if (world.isMember(username)) {
    return githubError(
      422,
      'You cannot specify an organization member to remove as an outside collaborator.',
      undefined,
      'https://docs.github.com/rest/orgs/outside-collaborators#remove-outside-collaborator-from-an-organization',
    );
  }
  if (!world.isOutsideCollaborator(username)) return notFound();
  if (!keepData) world.outsideCollaborators.delete(username);
  return noContent();
}

export function getRepository({ world, params }: EndpointContext): SandboxResponse {
  const repo = world.repository(params.owner ?? '', params.repo ?? '');
  return repo ? json(200, repositoryBody(repo, world.user(repo.owner))) : notFound();
}

export function deleteRepository({ world, params, keepData }: EndpointContext): SandboxResponse {
  const repo = world.repository(params.owner ?? '', params.repo ?? '');
  if (!repo) return notFound();
  if (repo.owner.toLowerCase() !== world.org.toLowerCase()) {
    return githubError(403, 'Must have admin rights to Repository.');
  }
  if (!keepData) world.repositories.delete(`${repo.owner}/${repo.name}`.toLowerCase());
  return noContent();
}

/** `DELETE /applications/{client_id}/grant`: revokes every token of the token owner's grant. */
export function deleteGrant({ world, request, keepData }: EndpointContext): SandboxResponse {
  const token = accessToken(request);
  if (!token)
    return validationFailed('Invalid request.\n\n"access_token" wasn\'t supplied.', 'access_token');
  const login = world.oauthTokens.get(token);
  if (!login) return notFound();
  if (!keepData) world.revokeGrantOf(login);
  return noContent();
}

/** `POST /applications/{client_id}/token`: 200 with the authorization, 404 for a dead token. */
export function checkToken({ world, request }: EndpointContext): SandboxResponse {
  const token = accessToken(request);
  if (!token)
    return validationFailed('Invalid request.\n\n"access_token" wasn\'t supplied.', 'access_token');
  const login = world.oauthTokens.get(token);
  if (!login) return notFound();
  return json(200, authorizationBody(token, SANDBOX_CREDENTIALS.clientId, world.user(login)));
}
