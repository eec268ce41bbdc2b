import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyFailure } from '../../core/failure.ts';
import type { Subject } from '../../core/model.ts';
import type { ActionOutcome } from '../../core/outcome.ts';
import type { ActionInput, Env } from '../contract.ts';
import type { SandboxServer } from '../sandbox-kit/server.ts';
import {
  actionInput,
  recordVendorCalls,
  requireConfig,
  sandboxAdmin,
  sandboxLog,
  sandboxState,
  seedSandbox,
  startUnthrottled,
  unlimitedVendorFetch,
} from '../sandbox-kit/testing.ts';
import type { GoogleAnalyticsClient } from './client.ts';
import type { GoogleAnalyticsConfig } from './descriptor.ts';
import { nextDailyQuotaRefill } from './google-errors.ts';
import { deletionTargets, userProvidedEmail } from './identifiers.ts';
import { googleAnalyticsIntegration } from './index.ts';
import { GA_SANDBOX_READONLY_TOKEN, type GoogleAnalyticsSeed, sandbox } from './sandbox.ts';
import type { SandboxProperty } from './sandbox-property.ts';

const [PROPERTY_A, PROPERTY_B] = ['250000001', '250000002'];
const NOW = new Date('2026-11-29T10:00:00.000Z');
const ADA: Subject = {
  email: 'Ada@Example.com ',
  ids: { googleAnalytics: ['GA1.2.1234.5678', 'user:ada-1815'] },
};

let server: SandboxServer;

beforeEach(async () => {
  server = await startUnthrottled(sandbox);
});

afterEach(async () => {
  await server.close();
});

function configure(env: Env = {}): GoogleAnalyticsConfig {
  return requireConfig(googleAnalyticsIntegration, { ...sandbox.env(server.baseUrl), ...env });
}

function erasure(subject: Subject, now = NOW): ActionInput {
  return actionInput('erasure', subject, { now });
}

async function sandboxProperties(): Promise<
  Record<string, SandboxProperty & { usedToday: number }>
> {
  return (await sandboxState<{ properties: never }>(server)).properties;
}

function seed(data: GoogleAnalyticsSeed): Promise<void> {
  return seedSandbox(server, data);
}

/** Runs one action as the host does: through the vendor fetch, recording every exchange. */
async function run(
  action: (client: GoogleAnalyticsClient) => Promise<ActionOutcome>,
  config = configure(),
) {
  const client = googleAnalyticsIntegration.createClient(
    config,
    unlimitedVendorFetch('google-analytics'),
  );
  return recordVendorCalls(() => action(client));
}

const erase =
  (subject: Subject, now = NOW) =>
  (client: GoogleAnalyticsClient) => {
    const action = googleAnalyticsIntegration.erase;
    if (!action) throw new Error('no erase action');
    return action(client, erasure(subject, now));
  };

describe('google-analytics configure', () => {
  it('is unconfigured without properties or credentials', () => {
    expect(googleAnalyticsIntegration.configure({ GA_ACCESS_TOKEN: 't' })).toBeUndefined();
    expect(googleAnalyticsIntegration.configure({ GA_PROPERTY_IDS: '1' })).toBeUndefined();
  });

  it('reads property ids, the default base URL and the email switch', () => {
    const config = googleAnalyticsIntegration.configure({
      GA_PROPERTY_IDS: ' properties/123, 456,123 ',
      GA_ACCESS_TOKEN: 'token',
    });
    expect(config).toMatchObject({
      baseUrl: 'https://analyticsadmin.googleapis.com',
      propertyIds: ['123', '456'],
      credentials: { kind: 'access_token', accessToken: 'token' },
      deleteByEmail: false,
    });
  });

  it('fails fast, naming the variable, on malformed values', () => {
    const env = { GA_PROPERTY_IDS: '123', GA_ACCESS_TOKEN: 't' };
    expect(() =>
      googleAnalyticsIntegration.configure({ ...env, GA_PROPERTY_IDS: 'G-ABC' }),
    ).toThrow(/GA_PROPERTY_IDS/);
    expect(() =>
      googleAnalyticsIntegration.configure({ ...env, GOOGLE_ANALYTICS_BASE_URL: 'http://h/x' }),
    ).toThrow(/GOOGLE_ANALYTICS_BASE_URL/);
    expect(() =>
      googleAnalyticsIntegration.configure({ ...env, GA_SERVICE_ACCOUNT_JSON: '{"type":"user"}' }),
    ).toThrow(/GA_SERVICE_ACCOUNT_JSON/);
  });

  it('prefers a service-account key, defaulting its token URL to Google', () => {
    const config = googleAnalyticsIntegration.configure({
      GA_PROPERTY_IDS: '123',
      GA_ACCESS_TOKEN: 'ignored',
      GA_SERVICE_ACCOUNT_JSON: JSON.stringify({
        type: 'service_account',
        client_email: 'hub@p.iam.gserviceaccount.com',
        private_key: 'pem',
      }),
    });
    expect(config?.credentials).toEqual({
      kind: 'service_account',
      clientEmail: 'hub@p.iam.gserviceaccount.com',
      privateKey: 'pem',
      tokenUri: 'https://oauth2.googleapis.com/token',
    });
  });
});

describe('google-analytics identifiers', () => {
  it('sends the client id of a _ga cookie and honours the kind prefixes', () => {
    const subject: Subject = {
      ids: {
        googleAnalytics: [
          'GA1.2.1234.5678',
          '1234.5678',
          'user:u-1',
          'app:abc',
          'client:x-9',
          'ada',
        ],
      },
    };
    expect(deletionTargets(subject, false)).toEqual({
      targets: [
        { field: 'clientId', value: '1234.5678' },
        { field: 'userId', value: 'u-1' },
        { field: 'appInstanceId', value: 'abc' },
        { field: 'clientId', value: 'x-9' },
      ],
      unrecognised: ['ada'],
    });
  });

  it('normalises user-provided email as Google documents', () => {
    expect(userProvidedEmail(' J.Doe @GoogleMail.com')).toBe('jdoe@googlemail.com');
    expect(userProvidedEmail('Ada.L@Example.com')).toBe('ada.l@example.com');
  });

  it('finds the next daily refill at 08:00 UTC, past Pacific midnight in any season', () => {
    expect(nextDailyQuotaRefill(NOW).toISOString()).toBe('2026-11-30T08:01:00.000Z');
    expect(nextDailyQuotaRefill(new Date('2026-07-01T07:30:00Z')).toISOString()).toBe(
      '2026-07-01T08:01:00.000Z',
    );
  });
});

describe('google-analytics erasure', () => {
  it('submits one deletion per identifier per property and evidences it masked', async () => {
    const { outcome, exchanges } = await run(erase(ADA));

    expect(outcome?.kind).toBe('acknowledged');
    if (outcome?.kind !== 'acknowledged') return;
    expect(outcome.evidence.vendorStatus).toBe(200);
    expect(outcome.evidence.detail).toContain('×6');
    expect(outcome.evidence.detail).toContain(`properties ${PROPERTY_A}, ${PROPERTY_B}`);
    for (const raw of ['1234.5678', 'ada-1815', 'ada@example.com']) {
      expect(outcome.evidence.detail).not.toContain(raw);
    }
    expect(outcome.evidence.retained).toMatch(/aggregated/);
    expect(exchanges.map((e) => `${e.method} ${e.status}`)).toEqual(Array(6).fill('POST 200'));
    expect(await sandboxLog(server)).toContain(
      `POST /v1alpha/properties/${PROPERTY_A}:submitUserDeletion 200`,
    );
    const state = await sandboxProperties();
    for (const id of [PROPERTY_A, PROPERTY_B]) {
      const property = state[id];
      expect(property?.deletions.map((d) => [d.field, d.value])).toEqual([
        ['clientId', '1234.5678'],
        ['userId', 'ada-1815'],
        ['userProvidedData', 'ada@example.com'],
      ]);
      expect(property?.users.map((u) => u.email)).toEqual(['grace@example.com']);
    }
  });

  it('is acknowledged again when repeated', async () => {
    await run(erase(ADA));
    const { outcome } = await run(erase(ADA));
    expect(outcome?.kind).toBe('acknowledged');
  });

  it('is not applicable without identifiers when email deletion is off', async () => {
    const { outcome, exchanges } = await run(
      erase({ email: 'ada@example.com' }),
      configure({ GA_DELETE_BY_EMAIL: '0' }),
    );
    expect(outcome).toEqual({
      kind: 'not_applicable',
      reason: 'no Google Analytics identifiers in the request',
    });
    expect(exchanges).toEqual([]);
  });

  it('submits the recognised identifiers, then fails on an ambiguous one', async () => {
    const subject = { ids: { googleAnalytics: ['8765.4321', 'grace-1906'] } };
    const { outcome } = await run(erase(subject), configure({ GA_DELETE_BY_EMAIL: '0' }));
    expect(outcome?.kind).toBe('failed');
    if (outcome?.kind !== 'failed') return;
    expect(outcome.error).toMatch(/unrecognised.*2 deletions for the others submitted/);
    expect(outcome.error).not.toContain('grace-1906');
    expect((await sandboxProperties())[PROPERTY_A]?.deletions).toHaveLength(1);
  });

  it('waits for the next quota day when a property has used up its deletions', async () => {
    await seed({ dailyLimit: 2 });
    const first = await run(erase(ADA));

    expect(first.outcome).toEqual({
      kind: 'retry',
      error: expect.stringMatching(
        /quota used up at properties 250000001, 250000002 \(4 of 6 deletions submitted\)/,
      ),
      vendorStatus: 429,
      retryAfterMs: Date.parse('2026-11-30T08:01:00.000Z') - NOW.getTime(),
      rateLimited: true,
    });
    expect(first.exchanges.filter((e) => e.status === 429)).toHaveLength(2);

    await seed({ usedToday: {}, dailyLimit: 6 });
    const nextDay = await run(erase(ADA, new Date('2026-11-30T08:01:05Z')));
    expect(nextDay.outcome?.kind).toBe('acknowledged');
  });

  it('goes on with the other properties when one has no quota left today', async () => {
    await seed({ usedToday: { [PROPERTY_A]: 500 } });
    const { outcome } = await run(erase(ADA));
    expect(outcome).toMatchObject({
      kind: 'retry',
      error: expect.stringMatching(/properties 250000001 \(3 of 6/),
    });
    expect((await sandboxProperties())[PROPERTY_B]?.deletions).toHaveLength(3);
  });

  it("follows Google's RetryInfo on a per-minute quota answer", async () => {
    server.setRateLimit(1);
    const { outcome } = await run(erase(ADA));
    expect(outcome).toEqual({
      kind: 'retry',
      error: 'Google Analytics rate limit (429 RESOURCE_EXHAUSTED)',
      vendorStatus: 429,
      retryAfterMs: expect.any(Number),
      rateLimited: true,
    });
    if (outcome?.kind === 'retry') expect(outcome.retryAfterMs).toBeLessThanOrEqual(1000);
  });

  it('treats the old-style 403 rateLimitExceeded as a rate limit of a minute', async () => {
    server.script({
      pathIncludes: ':submitUserDeletion',
      status: 403,
      body: {
        error: {
          code: 403,
          message: 'Rate limit exceeded',
          status: 'PERMISSION_DENIED',
          errors: [{ reason: 'rateLimitExceeded', domain: 'usageLimits' }],
        },
      },
    });
    const { outcome } = await run(erase(ADA));
    expect(outcome).toMatchObject({ kind: 'retry', retryAfterMs: 60_000, rateLimited: true });
  });

  it('takes a quota answer that names no window as the daily one', async () => {
    server.script({
      pathIncludes: ':submitUserDeletion',
      status: 429,
      times: 2,
      body: { error: { code: 429, message: 'Quota exhausted.', status: 'RESOURCE_EXHAUSTED' } },
    });
    const { outcome } = await run(erase(ADA));
    expect(outcome).toMatchObject({
      kind: 'retry',
      retryAfterMs: Date.parse('2026-11-30T08:01:00.000Z') - NOW.getTime(),
      rateLimited: true,
    });
  });

  it('throws on a 5xx, which the host retries', async () => {
    server.script({
      pathIncludes: ':submitUserDeletion',
      status: 503,
      body: {
        error: {
          code: 503,
          message: 'The service is currently unavailable.',
          status: 'UNAVAILABLE',
        },
      },
    });
    const { error, exchanges } = await run(erase(ADA));
    expect(String(error)).toContain('answered 503 UNAVAILABLE');
    expect(classifyFailure(error, exchanges, NOW, String(error))).toMatchObject({
      kind: 'retry',
      vendorStatus: 503,
    });
  });

  it('fails on a bad token (401) without echoing it', async () => {
    const { error, exchanges } = await run(
      erase(ADA),
      configure({ GA_ACCESS_TOKEN: 'ya29.wrong' }),
    );
    expect(String(error)).toContain('answered 401 UNAUTHENTICATED');
    expect(String(error)).not.toContain('ya29.wrong');
    expect(classifyFailure(error, exchanges, NOW, String(error))).toMatchObject({
      kind: 'failed',
      vendorStatus: 401,
    });
  });

  it('fails on a token without the analytics.edit scope (403)', async () => {
    const { error, exchanges } = await run(
      erase(ADA),
      configure({ GA_ACCESS_TOKEN: GA_SANDBOX_READONLY_TOKEN }),
    );
    expect(String(error)).toContain('insufficient authentication scopes');
    expect(classifyFailure(error, exchanges, NOW, String(error))).toMatchObject({
      kind: 'failed',
      vendorStatus: 403,
    });
  });

  it('throws without an HTTP answer when the API is unreachable, which the host retries', async () => {
    const config = configure();
    await server.close();
    const { error, exchanges } = await run(erase(ADA), config);
    expect(classifyFailure(error, exchanges, NOW, String(error))).toMatchObject({ kind: 'retry' });
    server = await sandbox.start();
  });

  it('says unverifiable even when the vendor kept the data', async () => {
    await sandboxAdmin(server, 'config', { keepData: true });
    const { outcome } = await run(erase(ADA));
    expect(outcome?.kind).toBe('acknowledged');
    expect((await sandboxProperties())[PROPERTY_A]?.users[0]?.clientIds).toEqual(['1234.5678']);

    const config = configure();
    const client = googleAnalyticsIntegration.createClient(config, fetch);
    const verification = await googleAnalyticsIntegration.verify?.(client, erasure(ADA));
    expect(verification).toEqual({
      kind: 'unverifiable',
      reason: expect.stringMatching(/no read-back/),
    });
  });
});

describe('google-analytics service account', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientEmail = 'dsr-hub@sandbox-project.iam.gserviceaccount.com';
  const keyFile = () =>
    JSON.stringify({
      type: 'service_account',
      client_email: clientEmail,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      private_key_id: 'k1',
      token_uri: `${server.baseUrl}/token`,
    });

  it('mints a token through the host fetch and deletes with it', async () => {
    await seed({
      serviceAccounts: [
        { clientEmail, publicKeyPem: String(publicKey.export({ type: 'spki', format: 'pem' })) },
      ],
    });
    const { outcome, exchanges } = await run(
      erase(ADA),
      configure({ GA_SERVICE_ACCOUNT_JSON: keyFile() }),
    );
    expect(outcome?.kind).toBe('acknowledged');
    expect(exchanges[0]).toMatchObject({ method: 'POST', path: '/token', status: 200 });
    expect(exchanges.slice(1).map((e) => `${e.method} ${e.status}`)).toEqual(
      Array(6).fill('POST 200'),
    );
  });

  it('fails when Google refuses the key', async () => {
    const { error, exchanges } = await run(
      erase(ADA),
      configure({ GA_SERVICE_ACCOUNT_JSON: keyFile() }),
    );
    expect(exchanges).toEqual([expect.objectContaining({ path: '/token', status: 400 })]);
    expect(classifyFailure(error, exchanges, NOW, String(error))).toMatchObject({ kind: 'failed' });
  });
});
