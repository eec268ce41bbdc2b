import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionOutcome } from '../../core/outcome.ts';
import type { SandboxServer } from '../sandbox-kit/server.ts';
import {
  failureOf,
  actionInput as input,
  sandboxAdmin,
  sandboxRequests,
  sandboxState,
  seedSandbox,
  startUnthrottled,
  unlimitedVendorFetch,
} from '../sandbox-kit/testing.ts';
import {
  INLINE_MANUAL_DEFAULT_BASE_URL,
  type InlineManualConfig,
  readInlineManualConfig,
} from './descriptor.ts';
import { inlineManualIntegration as inlineManual } from './index.ts';
import { DEFAULT_PROFILE_URL_TEMPLATE, profileUrl } from './profile-url.ts';
import type { InlineManualProfiles } from './profiles-api.ts';
import { SANDBOX_READ_TOKEN, type SandboxProfile, sandbox } from './sandbox.ts';

let server: SandboxServer;
let config: InlineManualConfig;
let profiles: InlineManualProfiles;

beforeEach(async () => {
  server = await startUnthrottled(sandbox);
  config = readInlineManualConfig(sandbox.env(server.baseUrl)) as InlineManualConfig;
  profiles = inlineManual.createClient(config, globalThis.fetch);
});

afterEach(async () => {
  await server.close();
});

async function uids(): Promise<string[]> {
  const state = await sandboxState<{ profiles: SandboxProfile[] }>(server);
  return state.profiles.map((profile) => profile.uid);
}

async function requestPaths(): Promise<string[]> {
  return (await sandboxRequests(server)).map((item) => `${item.method} ${item.path}`);
}

/** Runs an action the way the host does and classifies its failure from the exchanges. */
async function attemptThroughHost(
  run: (client: InlineManualProfiles) => Promise<unknown>,
  settings: InlineManualConfig = config,
) {
  const client = inlineManual.createClient(settings, unlimitedVendorFetch('inline-manual'));
  return failureOf(() => run(client));
}

describe('inline-manual erasure', () => {
  it('deletes the profile found by the normalized email', async () => {
    const outcome = await inlineManual.erase?.(
      profiles,
      input('erasure', { email: '  Ada@Example.com ' }),
    );

    expect(outcome).toEqual({
      kind: 'acknowledged',
      evidence: { vendorStatus: 204, detail: 'DELETE profile a***@example.com (by email)' },
    });
    expect(await uids()).toEqual(['grace@example.com', '1003']);
    expect(await requestPaths()).toEqual([
      'DELETE /api/v1/sites/sbx-site-4f1c/profiles/ada%40example.com',
    ]);
  });

  it('prefers the Inline Manual user id over the email', async () => {
    const outcome = await inlineManual.erase?.(
      profiles,
      input('erasure', { email: 'linus@example.com', ids: { inlineManual: '1003' } }),
    );

    expect(outcome?.kind).toBe('acknowledged');
    expect(await uids()).toEqual(['ada@example.com', 'grace@example.com']);
  });

  it('encodes every path segment', async () => {
    await seedSandbox(server, { profiles: [{ uid: 'team/ada smith?x=1' }] });

    const outcome = await inlineManual.erase?.(
      profiles,
      input('erasure', { ids: { inlineManual: 'team/ada smith?x=1' } }),
    );

    expect(outcome?.kind).toBe('acknowledged');
    expect(await uids()).not.toContain('team/ada smith?x=1');
    expect(JSON.stringify(outcome)).not.toContain('smith');
  });

  it('finds nothing to erase a second time, or for a stranger', async () => {
    const ada = input('erasure', { email: 'ada@example.com' });
    await inlineManual.erase?.(profiles, ada);

    const again = await inlineManual.erase?.(profiles, ada);
    const stranger = await inlineManual.erase?.(
      profiles,
      input('erasure', { email: 'x@example.com' }),
    );
    const nobody = await inlineManual.erase?.(profiles, input('erasure', {}));

    expect(again).toEqual({
      kind: 'not_applicable',
      reason: 'no Inline Manual profile for this email',
    });
    expect(stranger?.kind).toBe('not_applicable');
    expect(nobody).toEqual({ kind: 'not_applicable', reason: 'no Inline Manual user id or email' });
  });
});

describe('inline-manual verification', () => {
  it('verifies that the profile is gone', async () => {
    const grace = input('erasure', { email: 'grace@example.com' });
    const before = await inlineManual.verify?.(profiles, grace);
    await inlineManual.erase?.(profiles, grace);

    const after = await inlineManual.verify?.(profiles, grace);

    expect(before?.kind).toBe('still_present');
    expect(after).toEqual({ kind: 'verified', detail: 'GET profile answered 404' });
  });

  it('catches an API that acknowledges the delete but keeps the profile', async () => {
    await sandboxAdmin(server, 'config', { keepData: true });
    const grace = input('erasure', { email: 'grace@example.com' });

    const outcome = await inlineManual.erase?.(profiles, grace);
    const verification = await inlineManual.verify?.(profiles, grace);

    expect(outcome?.kind).toBe('acknowledged');
    expect(verification?.kind).toBe('still_present');
  });

  it('is unverifiable when the profile URL does not answer GET', async () => {
    await sandboxAdmin(server, 'script', {
      method: 'GET',
      status: 405,
      body: { errors: ['Method not allowed'] },
    });

    const verification = await inlineManual.verify?.(
      profiles,
      input('erasure', { email: 'grace@example.com' }),
    );

    expect(verification).toEqual({
      kind: 'unverifiable',
      reason: 'the profile URL does not answer a read-back (GET answered 405)',
    });
  });
});

describe('inline-manual rectification and restriction', () => {
  it('explains why neither has an API call, and sends none', async () => {
    const rectified = await inlineManual.rectify?.(
      profiles,
      input('rectification', { email: 'ada@example.com' }),
    );
    const restricted = await inlineManual.restrict?.(
      profiles,
      input('restriction', { email: 'ada@example.com' }),
    );

    expect(rectified?.kind).toBe('not_applicable');
    expect(restricted?.kind).toBe('not_applicable');
    expect(await requestPaths()).toEqual([]);
  });
});

describe('inline-manual failures, as the host classifies them', () => {
  const erase = (client: InlineManualProfiles) =>
    inlineManual.erase?.(
      client,
      input('erasure', { email: 'ada@example.com' }),
    ) as Promise<ActionOutcome>;

  it('backs off on 429 for as long as Retry-After says', async () => {
    await sandboxAdmin(server, 'script', {
      method: 'DELETE',
      status: 429,
      headers: { 'retry-after': '7' },
      body: { errors: ['Too many requests'] },
    });

    const { error, outcome } = await attemptThroughHost(erase);

    expect(outcome).toMatchObject({
      kind: 'retry',
      vendorStatus: 429,
      rateLimited: true,
      retryAfterMs: 7000,
    });
    expect(error.message).toBe('Inline Manual DELETE profile answered 429');
  });

  it('backs off when the API’s own rate window is full', async () => {
    server.setRateLimit(1);
    await fetch(`${server.baseUrl}/api/v1/sites/x/profiles/y`);

    const { outcome } = await attemptThroughHost(erase);

    expect(outcome).toMatchObject({ kind: 'retry', vendorStatus: 429, rateLimited: true });
  });

  it('retries a server error', async () => {
    await sandboxAdmin(server, 'script', {
      method: 'DELETE',
      status: 503,
      body: { errors: ['Down'] },
    });

    const { outcome } = await attemptThroughHost(erase);

    expect(outcome).toMatchObject({ kind: 'retry', vendorStatus: 503 });
  });

  it('fails on a bad token and on a token without write access', async () => {
    const bad = await attemptThroughHost(erase, { ...config, apiToken: 'wrong' });
    const readOnly = await attemptThroughHost(erase, { ...config, apiToken: SANDBOX_READ_TOKEN });

    expect(bad.outcome).toMatchObject({ kind: 'failed', vendorStatus: 401 });
    expect(readOnly.outcome).toMatchObject({ kind: 'failed', vendorStatus: 403 });
    expect(await uids()).toContain('ada@example.com');
  });

  it('fails, rather than finding nothing, with a token of another site', async () => {
    const { outcome } = await attemptThroughHost(erase, { ...config, siteKey: 'other-site' });

    expect(outcome).toMatchObject({ kind: 'failed', vendorStatus: 403 });
  });
});

describe('inline-manual configuration', () => {
  it('reads its settings, with the default host and template', () => {
    expect(readInlineManualConfig({})).toBeUndefined();
    expect(
      readInlineManualConfig({ INLINE_MANUAL_API_TOKEN: ' t ', INLINE_MANUAL_SITE_KEY: 's' }),
    ).toEqual({
      baseUrl: INLINE_MANUAL_DEFAULT_BASE_URL,
      apiToken: 't',
      siteKey: 's',
      profileUrlTemplate: DEFAULT_PROFILE_URL_TEMPLATE,
    });
  });

  it('fails fast on a partial setting or a template it cannot fill in', () => {
    expect(() => readInlineManualConfig({ INLINE_MANUAL_API_TOKEN: 't' })).toThrow(
      /INLINE_MANUAL_SITE_KEY must be set/,
    );
    const base = { INLINE_MANUAL_API_TOKEN: 't', INLINE_MANUAL_SITE_KEY: 's' };
    expect(() =>
      readInlineManualConfig({ ...base, INLINE_MANUAL_DELETE_URL_TEMPLATE: '{base}/users/{id}' }),
    ).toThrow(/unknown placeholder\(s\) \{id\}/);
    expect(() =>
      readInlineManualConfig({ ...base, INLINE_MANUAL_DELETE_URL_TEMPLATE: '{base}/users' }),
    ).toThrow(/must contain \{userId\}/);
    expect(() =>
      readInlineManualConfig({ ...base, INLINE_MANUAL_DELETE_URL_TEMPLATE: 'users/{userId}' }),
    ).toThrow(/must start with/);
  });

  it('fills a custom template in, encoding the site key and user id', () => {
    const url = profileUrl('{base}/v1/sites/{siteKey}/users/{userId}', {
      base: 'https://api.example',
      siteKey: 'a/b',
      userId: 'ada@example.com',
    });

    expect(url).toBe('https://api.example/v1/sites/a%2Fb/users/ada%40example.com');
  });
});
