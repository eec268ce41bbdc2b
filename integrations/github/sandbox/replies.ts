import { json, type SandboxResponse } from '../../sandbox-kit/http.ts';
import type { SandboxRepository, SandboxUser } from './world.ts';

const API = 'https://api.github.com';
const DOCS = 'https://docs.github.com/rest';

/** GitHub's error body: `message`, `documentation_url`, and since 2024 `status` as a string. */
export function githubError(
  status: number,
  message: string,
  headers?: Record<string, string>,
  documentationUrl = DOCS,
): SandboxResponse {
  return json(
    status,
    { message, documentation_url: documentationUrl, status: String(status) },
    headers,
  );
}

export const notFound = () => githubError(404, 'Not Found');
export const badCredentials = () => githubError(401, 'Bad credentials');
export const requiresAuthentication = () => githubError(401, 'Requires authentication');

export function validationFailed(message: string, field: string): SandboxResponse {
  return json(422, {
    message,
    errors: [{ resource: 'Application', code: 'missing_field', field }],
    documentation_url: DOCS,
    status: '422',
  });
}

/** The `simple-user` object GitHub embeds in lists and search results. */
export function simpleUser(user: SandboxUser) {
  const url = `${API}/users/${user.login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: `U_sandbox${user.id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `https://github.com/${user.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}

/** `GET /users/{username}`: the public profile, with the public email or null. */
export function publicUser(user: SandboxUser) {
  return {
    ...simpleUser(user),
    name: user.name ?? null,
    company: null,
    blog: '',
    location: null,
    email: user.email ?? null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  };
}

export function repositoryBody(repo: SandboxRepository, owner: SandboxUser | undefined) {
  const fullName = `${repo.owner}/${repo.name}`;
  return {
    id: repo.id,
    node_id: `R_sandbox${repo.id}`,
    name: repo.name,
    full_name: fullName,
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    owner: owner ? simpleUser(owner) : { login: repo.owner, type: 'Organization' },
    html_url: `https://github.com/${fullName}`,
    url: `${API}/repos/${fullName}`,
    default_branch: 'main',
    archived: false,
    disabled: false,
  };
}

/** `POST /applications/{client_id}/token`: the authorization behind a valid token. */
export function authorizationBody(token: string, clientId: string, user: SandboxUser | undefined) {
  return {
    id: 1,
    url: `${API}/authorizations/1`,
    scopes: ['read:user', 'user:email'],
    token,
    token_last_eight: token.slice(-8),
    hashed_token: null,
    app: { client_id: clientId, name: 'DSR Hub sandbox app', url: 'https://example.com' },
    note: null,
    note_url: null,
    updated_at: '2026-01-01T00:00:00Z',
    created_at: '2026-01-01T00:00:00Z',
    fingerprint: null,
    user: user ? simpleUser(user) : null,
    expires_at: null,
  };
}
