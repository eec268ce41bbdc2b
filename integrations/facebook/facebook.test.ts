import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyFailure } from '../../core/failure.ts';
import type { Changes, RequestType, Subject } from '../../core/model.ts';
import type { ActionInput, Env } from '../contract.ts';
import type { SandboxServer } from '../sandbox-kit/server.ts';
import {
  actionInput,
  recordVendorCalls,
  requireConfig,
  sandboxAdmin,
  sandboxLog,
  sandboxState,
  startUnthrottled,
  unlimitedVendorFetch,
} from '../sandbox-kit/testing.ts';
import { emailSha256 } from './email-hash.ts';
import { regainAccessMs } from './graph-errors.ts';
import { type FacebookClient, type FacebookConfig, facebookIntegration } from './index.ts';
import { FACEBOOK_SANDBOX_AUDIENCES, sandbox } from './sandbox.ts';
import { businessUseCaseUsage } from './sandbox-errors.ts';

const [NEWSLETTER, CUSTOMERS] = FACEBOOK_SANDBOX_AUDIENCES;
const NOW = new Date('2026-11-29T10:00:00.000Z');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const ADA = sha256('ada@example.com');
const GRACE = sha256('grace@example.com');

let server: SandboxServer;

beforeEach(async () => {
  server = await startUnthrottled(sandbox);
});

afterEach(async () => {
  await server.close();
});

function configure(env: Env = {}): FacebookConfig {
  return requireConfig(facebookIntegration, { ...sandbox.env(server.baseUrl), ...env });
}

function input(type: RequestType, subject: Subject, changes?: Changes): ActionInput {
  return actionInput(type, subject, { changes, deadline: '2026-12-29T10:00:00Z', now: NOW });
}

async function audienceHashes(): Promise<Record<string, string[]>> {
  const state = await sandboxState<{ audiences: Record<string, { hashes: string[] }> }>(server);
  return Object.fromEntries(Object.entries(state.audiences).map(([id, a]) => [id, a.hashes]));
}

type Action = 'erase' | 'rectify' | 'restrict';

/** Runs one action as the host does: through the vendor fetch, recording every exchange. */
async function run(action: Action, request: ActionInput, config = configure()) {
  const client: FacebookClient = facebookIntegration.createClient(
    config,
    unlimitedVendorFetch('facebook'),
  );
  const perform = facebookIntegration[action];
  if (!perform) throw new Error(`no ${action} action`);
  return recordVendorCalls(() => perform(client, request));
}

describe('facebook configure', () => {
  it('is unconfigured without a token or audiences', () => {
    expect(facebookIntegration.configure({ FACEBOOK_ACCESS_TOKEN: 't' })).toBeUndefined();
    expect(facebookIntegration.configure({ FACEBOOK_AUDIENCE_IDS: '1' })).toBeUndefined();
  });

  it('defaults to graph.facebook.com and the SDK version, and normalises a given version', () => {
    const env = { FACEBOOK_ACCESS_TOKEN: 't', FACEBOOK_AUDIENCE_IDS: '1, 2,1' };
    expect(facebookIntegration.configure(env)).toEqual({
      baseUrl: 'https://graph.facebook.com',
      apiVersion: 'v24.0',
      accessToken: 't',
      audienceIds: ['1', '2'],
      appSecret: undefined,
    });
    expect(facebookIntegration.configure({ ...env, FACEBOOK_API_VERSION: '21' })?.apiVersion).toBe(
      'v21.0',
    );
  });

  it('fails fast, naming the variable, on malformed values', () => {
    const env = { FACEBOOK_ACCESS_TOKEN: 't', FACEBOOK_AUDIENCE_IDS: '1' };
    expect(() => facebookIntegration.configure({ ...env, FACEBOOK_AUDIENCE_IDS: 'act_1' })).toThrow(
      /FACEBOOK_AUDIENCE_IDS/,
    );
    expect(() => facebookIntegration.configure({ ...env, FACEBOOK_API_VERSION: 'latest' })).toThrow(
      /FACEBOOK_API_VERSION/,
    );
  });
});

describe('facebook hashing and usage header', () => {
  it('hashes the trimmed, lower-cased email', () => {
    expect(emailSha256('  Ada@Example.COM ')).toBe(ADA);
  });

  it('reads the longest regain time, in minutes, from X-Business-Use-Case-Usage', () => {
    expect(regainAccessMs(businessUseCaseUsage(100, 19))).toBe(19 * 60_000);
    expect(regainAccessMs(businessUseCaseUsage(12, 0))).toBeUndefined();
    expect(regainAccessMs('not json')).toBeUndefined();
  });
});

describe('facebook erasure and restriction', () => {
  it('removes the hash from every audience and evidences it masked', async () => {
    const { outcome, exchanges } = await run(
      'erase',
      input('erasure', { email: ' Ada@Example.com' }),
    );

    expect(outcome).toEqual({
      kind: 'acknowledged',
      evidence: {
        vendorStatus: 200,
        detail: `DELETE /v24.0/{audience_id}/users (erasure): EMAIL_SHA256 of a***@example.com at audiences ${NEWSLETTER}, ${CUSTOMERS}; Meta received 2 of 2`,
        retained: expect.stringMatching(/24 hours/),
      },
    });
    expect(exchanges.map((e) => `${e.method} ${e.status}`)).toEqual(['DELETE 200', 'DELETE 200']);
    expect(await sandboxLog(server)).toEqual([
      `DELETE /v24.0/${NEWSLETTER}/users 200`,
      `DELETE /v24.0/${CUSTOMERS}/users 200`,
    ]);
    const hashes = await audienceHashes();
    expect(hashes[NEWSLETTER]).toEqual([GRACE]);
    expect(hashes[CUSTOMERS]).toEqual([GRACE]);
  });

  it('is acknowledged again when repeated', async () => {
    await run('erase', input('erasure', { email: 'ada@example.com' }));
    const { outcome } = await run('erase', input('erasure', { email: 'ada@example.com' }));
    expect(outcome?.kind).toBe('acknowledged');
  });

  it('is not applicable without an email', async () => {
    const { outcome, exchanges } = await run('erase', input('erasure', { ids: { github: 'ada' } }));
    expect(outcome).toMatchObject({
      kind: 'not_applicable',
      reason: expect.stringMatching(/no email/),
    });
    expect(exchanges).toEqual([]);
  });

  it('restricts by removing the person from the audiences', async () => {
    const { outcome } = await run('restrict', input('restriction', { email: 'grace@example.com' }));
    expect(outcome).toMatchObject({
      kind: 'acknowledged',
      evidence: { detail: expect.stringContaining('(restriction)') },
    });
    expect((await audienceHashes())[CUSTOMERS]).toEqual([ADA]);
  });

  it('says unverifiable even when the vendor kept the data', async () => {
    await sandboxAdmin(server, 'config', { keepData: true });
    const request = input('erasure', { email: 'ada@example.com' });
    const { outcome } = await run('erase', request);
    expect(outcome?.kind).toBe('acknowledged');
    expect((await audienceHashes())[NEWSLETTER]).toContain(ADA);

    const client = facebookIntegration.createClient(configure(), fetch);
    expect(await facebookIntegration.verify?.(client, request)).toEqual({
      kind: 'unverifiable',
      reason: expect.stringMatching(/cannot tell whether a hash is in a Custom Audience/),
    });
  });
});

describe('facebook rectification', () => {
  it('replaces the old hash with the new one in every audience', async () => {
    const { outcome, exchanges } = await run(
      'rectify',
      input('rectification', { email: 'ada@example.com' }, { email: 'Ada.Lovelace@Example.org' }),
    );
    expect(outcome).toMatchObject({
      kind: 'acknowledged',
      evidence: {
        detail: expect.stringContaining('a***@example.com replaced by that of a***@example.org'),
      },
    });
    expect(exchanges.map((e) => e.method)).toEqual(['DELETE', 'POST', 'DELETE', 'POST']);
    const hashes = await audienceHashes();
    for (const id of [NEWSLETTER, CUSTOMERS]) {
      expect(hashes[id]).toEqual([GRACE, sha256('ada.lovelace@example.org')]);
    }
  });

  it('is not applicable when no new email is given, or it hashes the same', async () => {
    const subject = { email: 'ada@example.com' };
    const nameOnly = await run('rectify', input('rectification', subject, { name: 'Ada L.' }));
    expect(nameOnly.outcome?.kind).toBe('not_applicable');
    const sameEmail = await run(
      'rectify',
      input('rectification', subject, { email: 'ADA@example.com' }),
    );
    expect(sameEmail.outcome).toMatchObject({ kind: 'not_applicable', reason: /hashes the same/ });
    expect([...nameOnly.exchanges, ...sameEmail.exchanges]).toEqual([]);
  });
});

describe('facebook failures', () => {
  const ada = () => input('erasure', { email: 'ada@example.com' });

  it('answers the custom-audience throttle (80003) with the usage header wait', async () => {
    server.script({
      method: 'DELETE',
      status: 400,
      headers: { 'x-business-use-case-usage': businessUseCaseUsage(100, 19) },
      body: {
        error: {
          message: '(#80003) There have been too many calls',
          type: 'OAuthException',
          code: 80003,
        },
      },
    });
    const { outcome } = await run('erase', ada());
    expect(outcome).toEqual({
      kind: 'retry',
      error: 'Facebook rate limit (code 80003)',
      vendorStatus: 400,
      retryAfterMs: 19 * 60_000,
      rateLimited: true,
    });
  });

  it("answers the sandbox's own throttle over its rate window", async () => {
    server.setRateLimit(1);
    const { outcome, exchanges } = await run('erase', ada());
    expect(exchanges.map((e) => e.status)).toEqual([200, 400]);
    expect(outcome).toMatchObject({ kind: 'retry', rateLimited: true, retryAfterMs: 60_000 });
  });

  it('treats the older user and call-rate limits (17, 613) as rate limits without a hint', async () => {
    for (const code of [17, 613]) {
      server.script({
        status: 400,
        body: { error: { message: 'User request limit reached', code } },
      });
      const { outcome } = await run('erase', ada());
      expect(outcome).toEqual({
        kind: 'retry',
        error: `Facebook rate limit (code ${code})`,
        vendorStatus: 400,
        retryAfterMs: undefined,
        rateLimited: true,
      });
    }
  });

  it('retries a transient error without counting it as a rate limit', async () => {
    server.setFaults({ seed: 1, error500: 1 });
    const { outcome } = await run('erase', ada());
    expect(outcome).toMatchObject({ kind: 'retry', vendorStatus: 500 });
    expect(outcome).not.toHaveProperty('rateLimited');
  });

  it('throws on a 5xx without a Graph body, which the host retries', async () => {
    server.script({
      status: 502,
      body: '<html>Bad Gateway</html>',
      headers: { 'content-type': 'text/html' },
    });
    const { error, exchanges } = await run('erase', ada());
    expect(String(error)).toContain('answered 502');
    expect(classifyFailure(error, exchanges, NOW, String(error))).toMatchObject({
      kind: 'retry',
      vendorStatus: 502,
    });
  });

  it('fails when Meta counts the hash as an invalid entry', async () => {
    server.script({
      method: 'DELETE',
      status: 200,
      body: { audience_id: NEWSLETTER, num_received: 1, num_invalid_entries: 1 },
    });
    const { outcome } = await run('erase', ada());
    expect(outcome).toEqual({
      kind: 'failed',
      error: `Facebook counted the email hash as an invalid entry at audience ${NEWSLETTER}`,
      vendorStatus: 200,
    });
  });

  it('fails on an invalid token (190)', async () => {
    const { outcome } = await run('erase', ada(), configure({ FACEBOOK_ACCESS_TOKEN: 'EAAwrong' }));
    expect(outcome).toEqual({
      kind: 'failed',
      error: expect.stringMatching(/code 190.*FACEBOOK_ACCESS_TOKEN/),
      vendorStatus: 400,
    });
  });

  it('throws on a missing appsecret_proof or an unknown audience, which the host fails', async () => {
    const noSecret = await run('erase', ada(), configure({ FACEBOOK_APP_SECRET: '' }));
    expect(String(noSecret.error)).toContain('appsecret_proof');
    const unknown = await run('erase', ada(), configure({ FACEBOOK_AUDIENCE_IDS: '999' }));
    expect(String(unknown.error)).toContain("Object with ID '999' does not exist");
    for (const { error, exchanges } of [noSecret, unknown]) {
      expect(classifyFailure(error, exchanges, NOW, String(error))).toMatchObject({
        kind: 'failed',
        vendorStatus: 400,
      });
    }
  });
});
