import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { classifyFailure } from '../../core/failure.ts';
import type { Subject } from '../../core/model.ts';
import type { ActionOutcome } from '../../core/outcome.ts';
import type { SandboxServer } from '../sandbox-kit/server.ts';
import {
  actionInput as input,
  recordVendorCalls,
  requireConfig,
  sandboxAdmin,
  sandboxState,
  seedSandbox,
  startUnthrottled,
  unlimitedVendorFetch,
} from '../sandbox-kit/testing.ts';
import { GITHUB_API_VERSION } from './client.ts';
import { GITHUB_RECTIFICATION_REASON, type GitHubConfig, githubIntegration } from './index.ts';
import { UNHINTED_RATE_LIMIT_WAIT_MS } from './rate-limit.ts';
import { GITHUB_RESTRICTION_WITHOUT_TOKEN } from './restrict.ts';
import { DEMO_SEED, type GitHubSeed, SANDBOX_CREDENTIALS } from './sandbox/world.ts';
import { sandbox } from './sandbox.ts';

const ORG = SANDBOX_CREDENTIALS.org;
const ADA_TOKEN = DEMO_SEED.oauthTokens?.[0]?.token ?? '';
const GRACE_TOKEN = DEMO_SEED.oauthTokens?.[1]?.token ?? '';

interface SandboxState {
  members: string[];
  outsideCollaborators: string[];
  repositories: string[];
  grants: string[];
}

let server: SandboxServer;

beforeEach(async () => {
  server = await startUnthrottled(sandbox);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await server.close();
});

function sandboxConfig(overrides: Partial<GitHubConfig> = {}): GitHubConfig {
  return { ...requireConfig(githubIntegration, sandbox.env(server.baseUrl)), ...overrides };
}

function client(config = sandboxConfig()) {
  return githubIntegration.createClient(config, globalThis.fetch);
}

const ada = (extra: Subject['ids'] = {}): Subject => ({
  email: 'ada@example.com',
  ids: {
    github: 'ada-lovelace',
    githubRepos: [`${ORG}/site-ada`],
    githubToken: ADA_TOKEN,
    ...extra,
  },
});

function state(): Promise<SandboxState> {
  return sandboxState<SandboxState>(server);
}

function seed(data: GitHubSeed): Promise<void> {
  return seedSandbox(server, data);
}

async function erase(subject: Subject, config?: GitHubConfig): Promise<ActionOutcome> {
  const erasure = githubIntegration.erase;
  if (!erasure) throw new Error('GitHub has no erase');
  return erasure(client(config), input('erasure', subject));
}

/** Runs an action as the host does: through its recorded fetch, returning what it threw. */
async function runRecorded(
  action: (github: ReturnType<typeof client>) => Promise<unknown>,
  config = sandboxConfig(),
) {
  const github = githubIntegration.createClient(config, unlimitedVendorFetch('github'));
  return recordVendorCalls(() => action(github));
}

describe('github configure', () => {
  const credentials = {
    GITHUB_TOKEN: 'ghp_x',
    GITHUB_ORG: 'acme',
    GITHUB_CLIENT_ID: 'Ov23li',
    GITHUB_CLIENT_SECRET: 's',
  };

  it('is unconfigured unless all four credentials are set', () => {
    expect(
      githubIntegration.configure({ ...credentials, GITHUB_CLIENT_SECRET: '' }),
    ).toBeUndefined();
    expect(githubIntegration.configure({ GITHUB_TOKEN: 'ghp_x' })).toBeUndefined();
  });

  it('defaults to api.github.com and accepts an http base URL', () => {
    expect(githubIntegration.configure(credentials)?.baseUrl).toBe('https://api.github.com');
    expect(
      githubIntegration.configure({ ...credentials, GITHUB_BASE_URL: 'http://127.0.0.1:9003/' })
        ?.baseUrl,
    ).toBe('http://127.0.0.1:9003');
  });

  it('fails fast, naming the variable, on a base URL that is not a URL', () => {
    expect(() =>
      githubIntegration.configure({ ...credentials, GITHUB_BASE_URL: 'api.github.com' }),
    ).toThrow(/GITHUB_BASE_URL/);
  });

  it('sends 3 requests a second by default, overridable through GITHUB_RATE_LIMIT', () => {
    expect(githubIntegration.rateLimit).toEqual({ perSecond: 3, envVar: 'GITHUB_RATE_LIMIT' });
  });
});

describe('github erase', () => {
  it('revokes the grant, removes the member and deletes the repository', async () => {
    const outcome = await erase(ada());

    expect(outcome.kind).toBe('acknowledged');
    const after = await state();
    expect(after.members).not.toContain('ada-lovelace');
    expect(after.repositories).not.toContain(`${ORG}/site-ada`);
    expect(after.grants).not.toContain('ada-lovelace');
    // Grace and the org's other repositories are untouched.
    expect(after.outsideCollaborators).toContain('grace-hopper');
    expect(after.repositories).toContain(`${ORG}/handbook`);
  });

  it('writes evidence with masked names, never the token, and says what GitHub keeps', async () => {
    const outcome = await erase(ada());

    if (outcome.kind !== 'acknowledged')
      throw new Error(`expected acknowledged, got ${outcome.kind}`);
    const { detail, retained, vendorStatus } = outcome.evidence;
    expect(vendorStatus).toBe(204);
    expect(detail).toContain('revoked the OAuth app grant (204)');
    expect(detail).toContain('removed member account ada-lo… from dsr-hub-demo (204)');
    expect(detail).toContain('deleted repository dsr-hub-demo/site… (204)');
    for (const raw of ['ada-lovelace', 'site-ada', ADA_TOKEN, 'ada@example.com']) {
      expect(JSON.stringify(outcome)).not.toContain(raw);
    }
    expect(retained).toMatch(/git history/);
  });

  it('finds the account by the normalized public email when no username is given', async () => {
    const outcome = await erase({ email: '  ADA@Example.com ' });

    expect(outcome.kind).toBe('acknowledged');
    expect(outcome.kind === 'acknowledged' && outcome.evidence.detail).toContain(
      'ada-lo… (found by public email)',
    );
    expect((await state()).members).not.toContain('ada-lovelace');
  });

  it('confirms search hits against the public email, so a look-alike address is not erased', async () => {
    await seed({
      users: [{ login: 'ada-fan', email: 'ada@example.com.au' }],
      members: ['ada-fan'],
    });

    const outcome = await erase({ email: 'ada@example.com' });

    expect(outcome.kind).toBe('acknowledged');
    const after = await state();
    expect(after.members).toContain('ada-fan');
    expect(after.members).not.toContain('ada-lovelace');
  });

  it('removes an outside collaborator through the outside-collaborator endpoint', async () => {
    const outcome = await erase({
      email: 'grace@example.com',
      ids: { githubRepos: [`${ORG}/site-grace`], githubToken: GRACE_TOKEN },
    });

    expect(outcome.kind === 'acknowledged' && outcome.evidence.detail).toContain(
      'removed outside collaborator account grace-… (found by public email) from dsr-hub-demo (204)',
    );
    const after = await state();
    expect(after.outsideCollaborators).not.toContain('grace-hopper');
    expect(after.repositories).not.toContain(`${ORG}/site-grace`);
    expect(after.grants).not.toContain('grace-hopper');
    expect(after.grants).toContain('ada-lovelace');
  });

  it('treats a repeated erasure as done: every 404 is "already gone"', async () => {
    await erase(ada());

    const again = await erase(ada());

    expect(again.kind).toBe('not_applicable');
    expect(again.kind === 'not_applicable' && again.reason).toMatch(
      /OAuth app grant already revoked \(404\).*not in the organization.*already gone \(404\)/,
    );
  });

  it('is not applicable when GitHub knows nobody with that email', async () => {
    const outcome = await erase({ email: 'nobody@example.com' });

    expect(outcome).toEqual({
      kind: 'not_applicable',
      reason: expect.stringContaining('no GitHub account shows this email publicly'),
    });
  });

  it('refuses repositories outside the organization before touching anything', async () => {
    await seed({
      users: [{ login: 'someone-else' }],
      repositories: ['someone-else/private-notes'],
    });

    const outcome = await erase(
      ada({ githubRepos: [`${ORG}/site-ada`, 'someone-else/private-notes'] }),
    );

    expect(outcome.kind).toBe('failed');
    const after = await state();
    expect(after.members).toContain('ada-lovelace');
    expect(after.grants).toContain('ada-lovelace');
    expect(after.repositories).toContain('someone-else/private-notes');
  });
});

describe('github rectify and restrict', () => {
  it('has nothing to rectify', async () => {
    const rectify = githubIntegration.rectify;
    if (!rectify) throw new Error('GitHub has no rectify');
    expect(await rectify(client(), input('rectification', ada()))).toEqual({
      kind: 'not_applicable',
      reason: GITHUB_RECTIFICATION_REASON,
    });
  });

  it('restricts by revoking the grant, keeping membership and repositories', async () => {
    const restrict = githubIntegration.restrict;
    if (!restrict) throw new Error('GitHub has no restrict');

    const outcome = await restrict(client(), input('restriction', ada()));

    expect(outcome.kind).toBe('acknowledged');
    const after = await state();
    expect(after.grants).not.toContain('ada-lovelace');
    expect(after.members).toContain('ada-lovelace');
    expect(after.repositories).toContain(`${ORG}/site-ada`);
    const verify = githubIntegration.verify;
    expect((await verify?.(client(), input('restriction', ada())))?.kind).toBe('verified');
  });

  it('changes nothing for a restriction without an OAuth token, and says why', async () => {
    const outcome = await githubIntegration.restrict?.(
      client(),
      input('restriction', { email: 'ada@example.com', ids: { github: 'ada-lovelace' } }),
    );

    expect(outcome).toEqual({ kind: 'not_applicable', reason: GITHUB_RESTRICTION_WITHOUT_TOKEN });
    expect((await state()).grants).toContain('ada-lovelace');
  });
});

describe('github verify', () => {
  it('verifies an erasure by reading membership, repositories and the token back', async () => {
    await erase(ada());

    const verification = await githubIntegration.verify?.(client(), input('erasure', ada()));

    expect(verification?.kind).toBe('verified');
    expect(verification?.kind === 'verified' && verification.detail).toMatch(
      /OAuth token revoked \(404\).*not in dsr-hub-demo \(404\).*gone \(404\)/,
    );
  });

  it('finds the data still present when GitHub acknowledged deletes but kept it', async () => {
    await sandboxAdmin(server, 'config', { keepData: true });

    const outcome = await erase(ada());
    const verification = await githubIntegration.verify?.(client(), input('erasure', ada()));

    expect(outcome.kind).toBe('acknowledged');
    expect(verification?.kind).toBe('still_present');
    expect(verification?.kind === 'still_present' && verification.detail).toMatch(
      /token still valid.*still member.*still exists/,
    );
  });
});

describe('github failures the host classifies', () => {
  it('a 429 with retry-after is a rate-limited retry', async () => {
    server.script({
      method: 'DELETE',
      pathIncludes: '/members/',
      status: 429,
      headers: { 'retry-after': '7' },
      body: { message: 'You have exceeded a secondary rate limit.' },
    });

    const { error, exchanges } = await runRecorded(
      (github) => githubIntegration.erase?.(github, input('erasure', ada())) ?? Promise.resolve(),
    );

    const now = new Date();
    expect(error).toBeDefined();
    expect(classifyFailure(error, exchanges, now, String(error))).toMatchObject({
      kind: 'retry',
      vendorStatus: 429,
      retryAfterMs: 7000,
      rateLimited: true,
    });
  });

  it('a 5xx is a retry', async () => {
    server.script({ method: 'DELETE', pathIncludes: '/repos/', status: 502, body: 'Bad Gateway' });

    const { error, exchanges } = await runRecorded(
      (github) => githubIntegration.erase?.(github, input('erasure', ada())) ?? Promise.resolve(),
    );

    expect(classifyFailure(error, exchanges, new Date(), String(error))).toMatchObject({
      kind: 'retry',
      vendorStatus: 502,
    });
  });

  it('a bad token is a permanent failure (401)', async () => {
    const { error, exchanges } = await runRecorded(
      (github) => githubIntegration.erase?.(github, input('erasure', ada())) ?? Promise.resolve(),
      sandboxConfig({ token: 'ghp_revoked' }),
    );

    expect(classifyFailure(error, exchanges, new Date(), String(error))).toMatchObject({
      kind: 'failed',
      vendorStatus: 401,
    });
  });

  it('a wrong OAuth app secret is a permanent failure, and the error does not carry the token', async () => {
    const { error, exchanges } = await runRecorded(
      (github) => githubIntegration.erase?.(github, input('erasure', ada())) ?? Promise.resolve(),
      sandboxConfig({ clientSecret: 'wrong' }),
    );

    expect(classifyFailure(error, exchanges, new Date(), String(error)).kind).toBe('failed');
    expect(JSON.stringify(error)).not.toContain(ADA_TOKEN);
    expect(JSON.stringify(exchanges)).not.toContain(ADA_TOKEN);
  });

  it('a 403 secondary limit without any hint becomes a rate-limited retry after a minute', async () => {
    server.script({
      method: 'DELETE',
      pathIncludes: '/repos/',
      status: 403,
      body: { message: 'You have exceeded a secondary rate limit.', documentation_url: 'x' },
    });

    const outcome = await erase(ada());

    expect(outcome).toMatchObject({
      kind: 'retry',
      vendorStatus: 403,
      rateLimited: true,
      retryAfterMs: UNHINTED_RATE_LIMIT_WAIT_MS,
    });
  });

  it('a 403 that is a refusal, not a limit, stays a permanent failure', async () => {
    server.script({
      method: 'DELETE',
      pathIncludes: '/repos/',
      status: 403,
      body: { message: 'Organization members cannot delete repositories.' },
    });

    const { error, exchanges } = await runRecorded(
      (github) => githubIntegration.erase?.(github, input('erasure', ada())) ?? Promise.resolve(),
    );

    expect(classifyFailure(error, exchanges, new Date(), String(error))).toMatchObject({
      kind: 'failed',
      vendorStatus: 403,
    });
  });

  it("the sandbox's secondary limit (5 points a delete) answers 403 with retry-after", async () => {
    await seed({
      secondaryPointsPerMinute: 10,
      repositories: [`${ORG}/a`, `${ORG}/b`, `${ORG}/c`],
    });

    const outcome = await erase({ ids: { githubRepos: [`${ORG}/a`, `${ORG}/b`, `${ORG}/c`] } });

    expect(outcome).toMatchObject({ kind: 'retry', vendorStatus: 403, rateLimited: true });
    const waitMs = outcome.kind === 'retry' ? (outcome.retryAfterMs ?? 0) : 0;
    expect(waitMs).toBeGreaterThan(50_000);
    expect(waitMs).toBeLessThanOrEqual(60_000);
    // Two deletes went through before the limit; the retry will finish the third.
    expect((await state()).repositories.filter((name) => /\/[abc]$/.test(name))).toHaveLength(1);
  });

  it('an exhausted primary limit (403, remaining 0) waits until x-ratelimit-reset', async () => {
    await seed({ primaryRateLimit: 2 });

    const {
      outcome: result,
      error,
      exchanges,
    } = await runRecorded(
      (github) => githubIntegration.erase?.(github, input('erasure', ada())) ?? Promise.resolve(),
    );

    expect(error).toBeUndefined();
    const last = exchanges.at(-1);
    expect(last).toMatchObject({ status: 403, headers: { 'x-ratelimit-remaining': '0' } });
    const resetMs = Number(last?.headers?.['x-ratelimit-reset']) * 1000 - Date.now();
    expect(result).toMatchObject({ kind: 'retry', rateLimited: true, vendorStatus: 403 });
    const waitMs = (result as { retryAfterMs: number }).retryAfterMs;
    expect(Math.abs(waitMs - resetMs)).toBeLessThan(5000);
    // The host's own classifier agrees on the exchange GitHub answered.
    expect(classifyFailure(new Error('x'), exchanges, new Date(), 'x')).toMatchObject({
      kind: 'retry',
      rateLimited: true,
    });
  });
});

describe('github client hygiene', () => {
  it('never writes to the console, even when GitHub sends a deprecation notice', async () => {
    const calls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => {}),
    );
    server.script({
      method: 'GET',
      pathIncludes: '/users/',
      status: 200,
      headers: { deprecation: 'true', sunset: 'Mon, 01 Mar 2027 00:00:00 GMT' },
      body: { login: 'ada-lovelace', email: 'ada@example.com' },
    });

    await erase({ email: 'ada@example.com' });

    for (const call of calls) expect(call).not.toHaveBeenCalled();
  });

  it('sends GitHub API version and media type headers, and the token only as the org owner', async () => {
    const seen: Headers[] = [];
    const recording: typeof fetch = (url, init) => {
      seen.push(new Headers(init?.headers));
      return globalThis.fetch(url, init);
    };

    await githubIntegration.erase?.(
      githubIntegration.createClient(sandboxConfig(), recording),
      input('erasure', ada()),
    );

    expect(seen.length).toBeGreaterThan(3);
    for (const headers of seen) {
      expect(headers.get('x-github-api-version')).toBe(GITHUB_API_VERSION);
      expect(headers.get('accept')).toBe('application/vnd.github+json');
      expect(headers.get('user-agent')).toMatch(/^dsr-hub/);
    }
  });
});

describe('github sandbox', () => {
  it('answers 401 Bad credentials in GitHub shape', async () => {
    const response = await fetch(`${server.baseUrl}/orgs/${ORG}/members/ada-lovelace`, {
      headers: { authorization: 'token ghp_wrong' },
    });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
  });

  it('wants Basic client credentials on /applications, not the org token', async () => {
    const response = await fetch(
      `${server.baseUrl}/applications/${SANDBOX_CREDENTIALS.clientId}/grant`,
      {
        method: 'DELETE',
        headers: { authorization: `token ${SANDBOX_CREDENTIALS.token}` },
        body: JSON.stringify({ access_token: ADA_TOKEN }),
      },
    );

    expect(response.status).toBe(401);
    expect((await state()).grants).toContain('ada-lovelace');
  });

  it('reports the primary limit on every answer and 404s in GitHub shape', async () => {
    const response = await fetch(`${server.baseUrl}/repos/${ORG}/no-such-repo`, {
      headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.token}` },
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      message: 'Not Found',
      documentation_url: expect.any(String),
    });
    expect(response.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(response.headers.get('x-ratelimit-used')).toBe('1');
    expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('refuses to remove a member through the outside-collaborator endpoint (422), as GitHub does', async () => {
    const response = await fetch(
      `${server.baseUrl}/orgs/${ORG}/outside_collaborators/ada-lovelace`,
      {
        method: 'DELETE',
        headers: { authorization: `token ${SANDBOX_CREDENTIALS.token}` },
      },
    );

    expect(response.status).toBe(422);
    expect((await state()).members).toContain('ada-lovelace');
  });

  it('pages the outside collaborators with a Link header', async () => {
    await seed({
      users: Array.from({ length: 3 }, (_, i) => ({ login: `guest-${i}` })),
      outsideCollaborators: ['guest-0', 'guest-1', 'guest-2'],
    });

    const response = await fetch(`${server.baseUrl}/orgs/${ORG}/outside_collaborators?per_page=2`, {
      headers: { authorization: `token ${SANDBOX_CREDENTIALS.token}` },
    });

    expect(((await response.json()) as unknown[]).length).toBe(2);
    expect(response.headers.get('link')).toContain('page=2>; rel="next"');
  });
});
