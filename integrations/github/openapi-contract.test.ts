import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subject } from '../../core/model.ts';
import type { SandboxServer } from '../sandbox-kit/server.ts';
import { actionInput as input, requireConfig, startUnthrottled } from '../sandbox-kit/testing.ts';
import { GITHUB_API_VERSION } from './client.ts';
import { githubIntegration } from './index.ts';
import { type CapturedRequest, OpenApiRequestChecker } from './openapi-request-checker.ts';
import { DEMO_SEED, SANDBOX_CREDENTIALS } from './sandbox/world.ts';
import { sandbox } from './sandbox.ts';

const ORG = SANDBOX_CREDENTIALS.org;
const SPEC = createRequire(import.meta.url).resolve(
  '@octokit/openapi/generated/api.github.com.json',
);

/** Every GitHub operation the integration uses; the scenario below must reach each. */
const OPERATIONS_USED = [
  'apps/check-token',
  'apps/delete-authorization',
  'orgs/check-membership-for-user',
  'orgs/list-outside-collaborators',
  'orgs/remove-member',
  'orgs/remove-outside-collaborator',
  'repos/delete',
  'repos/get',
  'search/users',
  'users/get-by-username',
];

let checker: OpenApiRequestChecker;
let server: SandboxServer;
const sent: CapturedRequest[] = [];
const failures: string[] = [];

/** The fetch handed to `createClient`, recording each request exactly as sent. */
const recordingFetch: typeof fetch = async (resource, init) => {
  const request = new Request(resource, init);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  sent.push({
    method: request.method,
    url: request.url,
    headers,
    body: request.body ? await request.clone().text() : undefined,
  });
  return globalThis.fetch(request);
};

beforeAll(async () => {
  checker = OpenApiRequestChecker.fromFile(SPEC);
  server = await startUnthrottled(sandbox);
  const config = requireConfig(githubIntegration, sandbox.env(server.baseUrl));
  const client = githubIntegration.createClient(config, recordingFetch);
  const [adaToken, graceToken] = (DEMO_SEED.oauthTokens ?? []).map(({ token }) => token);
  const ada: Subject = {
    email: 'ada@example.com',
    ids: { githubRepos: [`${ORG}/site-ada`], githubToken: adaToken },
  };
  const grace: Subject = {
    email: 'grace@example.com',
    ids: { github: 'grace-hopper', githubRepos: [`${ORG}/site-grace`], githubToken: graceToken },
  };

  // Each step runs even if one before it failed, so every request reaches the checker.
  const steps: [string, () => Promise<unknown> | undefined][] = [
    ['restrict grace', () => githubIntegration.restrict?.(client, input('restriction', grace))],
    ['verify restriction', () => githubIntegration.verify?.(client, input('restriction', grace))],
    ['erase ada', () => githubIntegration.erase?.(client, input('erasure', ada))],
    ['erase grace', () => githubIntegration.erase?.(client, input('erasure', grace))],
    ['verify ada', () => githubIntegration.verify?.(client, input('erasure', ada))],
    ['verify grace', () => githubIntegration.verify?.(client, input('erasure', grace))],
  ];
  for (const [name, step] of steps) {
    await Promise.resolve(step()).catch((error: unknown) => failures.push(`${name}: ${error}`));
  }
}, 20_000);

afterAll(async () => {
  await server?.close();
});

describe("the GitHub integration's requests against GitHub's OpenAPI description", () => {
  it('are each a documented operation with valid parameters and body', () => {
    const invalid = sent
      .map((request) => ({
        request: `${request.method} ${new URL(request.url).pathname}`,
        ...checker.check(request),
      }))
      .filter((verdict) => verdict.problems.length > 0);

    expect(sent.length).toBeGreaterThan(10);
    expect(invalid).toEqual([]);
  });

  it('come from a scenario the sandbox accepted throughout', () => {
    expect(failures).toEqual([]);
  });

  it('cover every operation the integration uses', () => {
    const reached = new Set(sent.map((request) => checker.check(request).operationId));

    expect([...reached].sort()).toEqual(OPERATIONS_USED);
  });

  it('carry the API version, the media type and the right credentials for each operation', () => {
    for (const request of sent) {
      const { operationId } = checker.check(request);
      expect(request.headers['x-github-api-version']).toBe(GITHUB_API_VERSION);
      expect(request.headers.accept).toBe('application/vnd.github+json');
      expect(request.headers.authorization).toMatch(
        operationId?.startsWith('apps/') ? /^Basic / : /^token /,
      );
    }
  });
});

describe('the request checker', () => {
  const base = 'https://api.github.com';
  const json = { 'content-type': 'application/json; charset=utf-8' };

  it('accepts a correct request', () => {
    expect(
      checker.check({
        method: 'DELETE',
        url: `${base}/applications/Iv1.8a61f9b3a7aba766/grant`,
        headers: json,
        body: JSON.stringify({ access_token: 'gho_x' }),
      }),
    ).toEqual({
      operationId: 'apps/delete-authorization',
      template: '/applications/{client_id}/grant',
      problems: [],
    });
  });

  it.each([
    {
      wrong: 'a path GitHub does not have',
      request: { method: 'DELETE', url: `${base}/orgs/acme/member/ada`, headers: {} },
      problem: /no DELETE operation matches \/orgs\/acme\/member\/ada/,
    },
    {
      wrong: 'a method the path does not take',
      request: { method: 'PATCH', url: `${base}/orgs/acme/members/ada`, headers: {} },
      problem:
        /no PATCH operation matches .*\/orgs\/\{org\}\/members\/\{username\} takes GET, DELETE/,
    },
    {
      wrong: 'the required body left out',
      request: { method: 'DELETE', url: `${base}/applications/Iv1.x/grant`, headers: {} },
      problem: /required request body is missing/,
    },
    {
      wrong: 'a required body field left out',
      request: {
        method: 'DELETE',
        url: `${base}/applications/Iv1.x/grant`,
        headers: json,
        body: '{}',
      },
      problem: /body must have required property 'access_token'/,
    },
    {
      wrong: 'a body field of the wrong type',
      request: {
        method: 'POST',
        url: `${base}/applications/Iv1.x/token`,
        headers: json,
        body: JSON.stringify({ access_token: 42 }),
      },
      problem: /body\/access_token must be string/,
    },
    {
      wrong: 'a misspelt query parameter',
      request: { method: 'GET', url: `${base}/search/users?query=ada`, headers: {} },
      problem: /unknown query parameter query/,
    },
    {
      wrong: 'a query value of the wrong type',
      request: {
        method: 'GET',
        url: `${base}/orgs/acme/outside_collaborators?per_page=many`,
        headers: {},
      },
      problem: /query parameter per_page must be integer/,
    },
  ])('refuses $wrong', ({ request, problem }) => {
    const { problems } = checker.check(request as CapturedRequest);

    expect(problems.join('\n')).toMatch(problem);
  });
});
