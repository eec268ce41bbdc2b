import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyFailure } from '../../core/failure.ts';
import type { Changes, RequestType, Subject } from '../../core/model.ts';
import type { ActionInput } from '../contract.ts';
import type { SandboxServer } from '../sandbox-kit/server.ts';
import {
  actionInput,
  recordVendorCalls,
  requireConfig,
  sandboxState,
  startUnthrottled,
  unlimitedVendorFetch,
} from '../sandbox-kit/testing.ts';
import { type Auth0Config, auth0Integration } from './index.ts';
import { sandbox } from './sandbox.ts';
import type { SandboxAuth0User } from './sandbox-directory.ts';

const ADA_DATABASE = 'auth0|65f0a1b2c3d4e5f6a7b8c9d0';
const ADA_GOOGLE = 'google-oauth2|104857600000000000001';
const GRACE = 'auth0|65f0b2c3d4e5f6a7b8c9d0e1';

let server: SandboxServer;

beforeEach(async () => {
  server = await startUnthrottled(sandbox);
});

afterEach(async () => {
  await server.close();
});

function sandboxConfig(): Auth0Config {
  return requireConfig(auth0Integration, sandbox.env(server.baseUrl));
}

function input(type: RequestType, subject: Subject, changes?: Changes): ActionInput {
  return actionInput(type, subject, { changes });
}

async function sandboxUsers(): Promise<SandboxAuth0User[]> {
  return (await sandboxState<{ users: SandboxAuth0User[] }>(server)).users;
}

/** Runs an action the way the host does, returning what it threw and the recorded exchanges. */
async function runRecorded(
  action: (client: ReturnType<typeof auth0Integration.createClient>) => Promise<unknown>,
  config = sandboxConfig(),
) {
  const client = auth0Integration.createClient(config, unlimitedVendorFetch('auth0'));
  return recordVendorCalls(() => action(client));
}

describe('auth0 configure', () => {
  it('is unconfigured without all three credentials', () => {
    expect(auth0Integration.configure({ AUTH0_DOMAIN: 'acme.eu.auth0.com' })).toBeUndefined();
  });

  it('defaults the base URL to the tenant and accepts an http override', () => {
    const env = {
      AUTH0_DOMAIN: 'acme.eu.auth0.com',
      AUTH0_CLIENT_ID: 'id',
      AUTH0_CLIENT_SECRET: 's',
    };
    expect(auth0Integration.configure(env)?.baseUrl).toBe('https://acme.eu.auth0.com');
    expect(
      auth0Integration.configure({ ...env, AUTH0_BASE_URL: 'http://127.0.0.1:9001/' })?.baseUrl,
    ).toBe('http://127.0.0.1:9001');
    expect(() => auth0Integration.configure({ ...env, AUTH0_BASE_URL: 'not a url' })).toThrow(
      /AUTH0_BASE_URL/,
    );
  });
});

describe('auth0 erasure', () => {
  it('deletes every user the email finds, one per connection, and verifies they are gone', async () => {
    const client = auth0Integration.createClient(sandboxConfig(), globalThis.fetch);
    const request = input('erasure', { email: ' Ada@Example.com ' });

    const outcome = await auth0Integration.erase?.(client, request);

    expect(outcome).toMatchObject({ kind: 'acknowledged', evidence: { vendorStatus: 204 } });
    const detail = outcome?.kind === 'acknowledged' ? outcome.evidence.detail : '';
    expect(detail).toMatch(/^DELETE \/api\/v2\/users\/.+\(2 users\)$/);
    expect(detail).not.toContain(ADA_DATABASE);
    expect(detail).not.toContain(ADA_GOOGLE);
    expect((await sandboxUsers()).map((user) => user.user_id)).toEqual([GRACE]);
    expect(await auth0Integration.verify?.(client, request)).toMatchObject({ kind: 'verified' });
  });

  it('counts a repeated delete of a named user as done', async () => {
    const client = auth0Integration.createClient(sandboxConfig(), globalThis.fetch);
    const request = input('erasure', { ids: { auth0: GRACE } });

    const first = await auth0Integration.erase?.(client, request);
    const second = await auth0Integration.erase?.(client, request);

    expect(first).toMatchObject({ kind: 'acknowledged', evidence: { vendorStatus: 204 } });
    expect(second).toMatchObject({ kind: 'acknowledged', evidence: { vendorStatus: 204 } });
    expect((await sandboxUsers()).some((user) => user.user_id === GRACE)).toBe(false);
    expect(await auth0Integration.verify?.(client, request)).toMatchObject({ kind: 'verified' });
  });

  it('is not applicable when no user has the email', async () => {
    const client = auth0Integration.createClient(sandboxConfig(), globalThis.fetch);

    const outcome = await auth0Integration.erase?.(
      client,
      input('erasure', { email: 'nobody@example.com' }),
    );

    expect(outcome).toEqual({ kind: 'not_applicable', reason: 'no Auth0 user with this email' });
    expect(await sandboxUsers()).toHaveLength(3);
  });

  it('sends every call, the token request included, through the fetch it is given', async () => {
    const seen: string[] = [];
    const countingFetch: typeof fetch = (request, init) => {
      seen.push(new Request(request, init).url);
      return globalThis.fetch(request, init);
    };
    const client = auth0Integration.createClient(sandboxConfig(), countingFetch);

    await auth0Integration.erase?.(client, input('erasure', { email: 'grace@example.com' }));

    expect(seen.map((url) => new URL(url).pathname)).toEqual([
      '/oauth/token',
      '/api/v2/users-by-email',
      `/api/v2/users/${encodeURIComponent(GRACE)}`,
    ]);
    expect(seen.every((url) => url.startsWith(server.baseUrl))).toBe(true);
  });

  it('acknowledges a sandbox that keeps the data, and verification catches it', async () => {
    server.keepDataOnDelete = true;
    const client = auth0Integration.createClient(sandboxConfig(), globalThis.fetch);
    const request = input('erasure', { email: 'ada@example.com' });

    expect(await auth0Integration.erase?.(client, request)).toMatchObject({ kind: 'acknowledged' });
    const verification = await auth0Integration.verify?.(client, request);

    expect(verification).toMatchObject({ kind: 'still_present' });
    expect(JSON.stringify(verification)).not.toContain(ADA_DATABASE);
  });
});

describe('auth0 rectification and restriction', () => {
  it('patches the changed root attributes and verifies the new values', async () => {
    const client = auth0Integration.createClient(sandboxConfig(), globalThis.fetch);
    const request = input(
      'rectification',
      { email: 'grace@example.com' },
      { email: 'Grace.Hopper@example.org', name: 'Grace B. Hopper', phone: '+1 (555) 010-0199' },
    );

    const outcome = await auth0Integration.rectify?.(client, request);

    expect(outcome).toMatchObject({ kind: 'acknowledged', evidence: { vendorStatus: 200 } });
    expect(JSON.stringify(outcome)).not.toMatch(/Grace B\. Hopper|grace\.hopper|5550100199/i);
    const grace = (await sandboxUsers()).find((user) => user.user_id === GRACE);
    expect(grace).toMatchObject({
      email: 'grace.hopper@example.org',
      name: 'Grace B. Hopper',
      phone_number: '+15550100199',
    });
    expect(await auth0Integration.verify?.(client, request)).toMatchObject({ kind: 'verified' });
  });

  it('verification reports a user that still shows the old value', async () => {
    const client = auth0Integration.createClient(sandboxConfig(), globalThis.fetch);
    const request = input('rectification', { ids: { auth0: GRACE } }, { name: 'Grace B. Hopper' });

    expect(await auth0Integration.verify?.(client, request)).toMatchObject({
      kind: 'still_present',
    });
  });

  it('blocks every user of the subject and verifies the block', async () => {
    const client = auth0Integration.createClient(sandboxConfig(), globalThis.fetch);
    const request = input('restriction', { email: 'ada@example.com' });

    const outcome = await auth0Integration.restrict?.(client, request);

    expect(outcome).toMatchObject({ kind: 'acknowledged', evidence: { vendorStatus: 200 } });
    const blocked = (await sandboxUsers()).filter((user) => user.blocked === true);
    expect(blocked.map((user) => user.user_id).sort()).toEqual([ADA_DATABASE, ADA_GOOGLE].sort());
    expect(await auth0Integration.verify?.(client, request)).toMatchObject({ kind: 'verified' });
  });

  it('is not applicable when the named user does not exist', async () => {
    const client = auth0Integration.createClient(sandboxConfig(), globalThis.fetch);

    const outcome = await auth0Integration.restrict?.(
      client,
      input('restriction', { ids: { auth0: 'auth0|000000000000000000000000' } }),
    );

    expect(outcome).toMatchObject({ kind: 'not_applicable' });
  });
});

describe('auth0 failures, as the host classifies them', () => {
  it('a 429 is a rate-limited retry, timed by x-ratelimit-reset, and the SDK does not retry it', async () => {
    server.setRateLimit(1);

    const { error, exchanges } = await runRecorded(
      (client) =>
        auth0Integration.erase?.(client, input('erasure', { email: 'ada@example.com' })) ??
        Promise.resolve(),
    );
    const now = new Date();
    const outcome = classifyFailure(error, exchanges, now, (error as Error).message);

    expect(exchanges.map((exchange) => exchange.status)).toEqual([200, 429]);
    const reset = Number(exchanges[1]?.headers?.['x-ratelimit-reset']);
    expect(outcome).toMatchObject({ kind: 'retry', vendorStatus: 429, rateLimited: true });
    expect(outcome.kind === 'retry' && outcome.retryAfterMs).toBe(
      Math.max(0, reset * 1000 - now.getTime()),
    );
    expect(server.log).toHaveLength(2);
  });

  it('a 5xx is a retry', async () => {
    server.setFaults({ seed: 1, error500: 1 });

    const { error, exchanges } = await runRecorded(
      (client) =>
        auth0Integration.erase?.(client, input('erasure', { email: 'ada@example.com' })) ??
        Promise.resolve(),
    );

    expect(classifyFailure(error, exchanges, new Date(), String(error))).toMatchObject({
      kind: 'retry',
      vendorStatus: 500,
    });
    expect(server.log).toHaveLength(1);
  });

  it('wrong client credentials are a permanent failure', async () => {
    const config = { ...sandboxConfig(), clientSecret: 'wrong' };

    const { error, exchanges } = await runRecorded(
      (client) =>
        auth0Integration.erase?.(client, input('erasure', { email: 'ada@example.com' })) ??
        Promise.resolve(),
      config,
    );

    expect(classifyFailure(error, exchanges, new Date(), String(error))).toMatchObject({
      kind: 'failed',
      vendorStatus: 401,
    });
    expect((error as Error).message).toBe('Auth0 POST /oauth/token answered 401 access_denied');
    expect(await sandboxUsers()).toHaveLength(3);
  });

  it('a malformed user id is a permanent failure whose message does not quote the id', async () => {
    const { error, exchanges } = await runRecorded(
      (client) =>
        auth0Integration.erase?.(client, input('erasure', { ids: { auth0: 'not-an-auth0-id' } })) ??
        Promise.resolve(),
    );

    expect(classifyFailure(error, exchanges, new Date(), String(error))).toMatchObject({
      kind: 'failed',
      vendorStatus: 400,
    });
    expect((error as Error).message).toBe(
      'Auth0 DELETE /api/v2/users/{id} answered 400 invalid_uri',
    );
  });
});

describe('auth0 sandbox speaks the Management API', () => {
  async function token(audience: string) {
    return fetch(`${server.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: sandboxConfig().clientId,
        client_secret: sandboxConfig().clientSecret,
        audience,
      }),
    });
  }

  it('refuses a token for another audience and calls without a valid bearer token', async () => {
    const wrongAudience = await token('https://elsewhere.auth0.com/api/v2/');
    const anonymous = await fetch(`${server.baseUrl}/api/v2/users-by-email?email=ada@example.com`);
    const forged = await fetch(`${server.baseUrl}/api/v2/users-by-email?email=ada@example.com`, {
      headers: { authorization: 'Bearer forged' },
    });

    expect(wrongAudience.status).toBe(403);
    expect(await wrongAudience.json()).toMatchObject({ error: 'access_denied' });
    expect(anonymous.status).toBe(401);
    expect(await forged.json()).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Invalid token',
      errorCode: 'invalid_token',
    });
  });

  it('answers 404 inexistent_user for an unknown user and restores the demo people on reset', async () => {
    const { access_token } = (await (
      await token(`https://${sandboxConfig().domain}/api/v2/`)
    ).json()) as {
      access_token: string;
    };
    const headers = { authorization: `Bearer ${access_token}` };
    await fetch(`${server.baseUrl}/api/v2/users/${encodeURIComponent(GRACE)}`, {
      method: 'DELETE',
      headers,
    });

    const gone = await fetch(`${server.baseUrl}/api/v2/users/${encodeURIComponent(GRACE)}`, {
      headers,
    });
    await fetch(`${server.baseUrl}/__sandbox/reset`, { method: 'POST' });
    const back = await fetch(`${server.baseUrl}/api/v2/users/${encodeURIComponent(GRACE)}`, {
      headers,
    });

    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ statusCode: 404, errorCode: 'inexistent_user' });
    expect(back.status).toBe(200);
  });
});
