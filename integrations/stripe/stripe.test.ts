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
  seedSandbox,
  unlimitedVendorFetch,
} from '../sandbox-kit/testing.ts';
import { STRIPE_RETAINED } from './erase.ts';
import { type StripeClient, type StripeConfig, stripeIntegration } from './index.ts';
import { sandbox } from './sandbox.ts';
import type { DeletedStripeCustomer, SandboxStripeCustomer } from './sandbox-ledger.ts';

const ADA_FIRST = 'cus_SbxAda00000001';
const ADA_SECOND = 'cus_SbxAda00000002';
const GRACE = 'cus_SbxGrace000001';

type StoredCustomer = SandboxStripeCustomer | DeletedStripeCustomer;

let server: SandboxServer;

beforeEach(async () => {
  server = await sandbox.start();
});

afterEach(async () => {
  await server.close();
});

function sandboxConfig(): StripeConfig {
  return requireConfig(stripeIntegration, sandbox.env(server.baseUrl));
}

function sandboxClient(): StripeClient {
  return stripeIntegration.createClient(sandboxConfig(), globalThis.fetch);
}

function input(type: RequestType, subject: Subject, changes?: Changes): ActionInput {
  return actionInput(type, subject, { changes, now: new Date('2026-11-29T10:00:00.000Z') });
}

async function sandboxCustomers(): Promise<StoredCustomer[]> {
  return (await sandboxState<{ customers: StoredCustomer[] }>(server)).customers;
}

async function customer(id: string): Promise<StoredCustomer | undefined> {
  return (await sandboxCustomers()).find((stored) => stored.id === id);
}

/** Runs an action the way the host does, returning what it threw and the recorded exchanges. */
async function runRecorded(
  action: (client: StripeClient) => Promise<unknown> | undefined,
  config = sandboxConfig(),
) {
  const client = stripeIntegration.createClient(config, unlimitedVendorFetch('stripe'));
  return recordVendorCalls(() => action(client));
}

describe('stripe configure', () => {
  it('is unconfigured without a key and refuses a publishable one', () => {
    expect(stripeIntegration.configure({})).toBeUndefined();
    expect(() => stripeIntegration.configure({ STRIPE_SECRET_KEY: 'pk_test_abc' })).toThrow(
      /STRIPE_SECRET_KEY/,
    );
  });

  it('defaults to api.stripe.com and reads an http base URL into host, port and protocol', () => {
    expect(stripeIntegration.configure({ STRIPE_SECRET_KEY: 'sk_live_abc' })?.api).toEqual({
      protocol: 'https',
      host: 'api.stripe.com',
      port: 443,
    });
    expect(
      stripeIntegration.configure({
        STRIPE_SECRET_KEY: 'sk_test_abc',
        STRIPE_BASE_URL: 'http://127.0.0.1:9002',
      })?.api,
    ).toEqual({ protocol: 'http', host: '127.0.0.1', port: 9002 });
  });
});

describe('stripe erasure', () => {
  it('deletes every customer the email lists, records what Stripe keeps, and verifies', async () => {
    const client = sandboxClient();
    const request = input('erasure', { email: 'ADA@example.com' });

    const outcome = await stripeIntegration.erase?.(client, request);

    expect(outcome).toEqual({
      kind: 'acknowledged',
      evidence: {
        vendorStatus: 200,
        detail: expect.stringMatching(/^DELETE \/v1\/customers\/.+\(2 customers\)$/),
        retained: STRIPE_RETAINED,
      },
    });
    expect(JSON.stringify(outcome)).not.toMatch(/cus_SbxAda0000000[12]|ada@example/i);
    expect(await customer(ADA_FIRST)).toEqual({ id: ADA_FIRST, object: 'customer', deleted: true });
    expect(await customer(ADA_SECOND)).toEqual({
      id: ADA_SECOND,
      object: 'customer',
      deleted: true,
    });
    expect(await customer(GRACE)).toMatchObject({ email: 'grace@example.com' });
    expect(await stripeIntegration.verify?.(client, request)).toMatchObject({ kind: 'verified' });
  });

  it('pages through more customers than one page holds', async () => {
    const many = Array.from({ length: 105 }, () => ({ email: 'many@example.com', name: 'Many' }));
    // The host's limiter paces real runs; here the 25/s sandbox window would only slow the test.
    server.setRateLimit(1000);
    server.log.length = 0;
    await seedSandbox(server, { customers: many });

    const outcome = await stripeIntegration.erase?.(
      sandboxClient(),
      input('erasure', { email: 'many@example.com' }),
    );

    expect(outcome).toMatchObject({ kind: 'acknowledged' });
    expect(JSON.stringify(outcome)).toContain('(105 customers)');
    const left = (await sandboxCustomers()).filter(
      (stored) => 'email' in stored && stored.email === 'many@example.com',
    );
    expect(left).toEqual([]);
    const listCalls = server.log.filter(
      (entry) => entry.method === 'GET' && entry.path === '/v1/customers',
    );
    expect(listCalls).toHaveLength(2);
  });

  it('counts a repeated delete of a named customer as done, and an unknown id as not applicable', async () => {
    const client = sandboxClient();
    const request = input('erasure', { ids: { stripe: GRACE } });

    const first = await stripeIntegration.erase?.(client, request);
    const second = await stripeIntegration.erase?.(client, request);
    const unknown = await stripeIntegration.erase?.(
      client,
      input('erasure', { ids: { stripe: 'cus_Unknown0000000' } }),
    );

    expect(first).toMatchObject({ kind: 'acknowledged', evidence: { vendorStatus: 200 } });
    expect(second).toMatchObject({
      kind: 'acknowledged',
      evidence: { vendorStatus: 404, detail: expect.stringContaining('1 already deleted') },
    });
    expect(unknown).toEqual({
      kind: 'not_applicable',
      reason: 'no Stripe customer with this id or email',
    });
    expect(await stripeIntegration.verify?.(client, request)).toMatchObject({ kind: 'verified' });
  });

  it('is not applicable when no customer has the email', async () => {
    const outcome = await stripeIntegration.erase?.(
      sandboxClient(),
      input('erasure', { email: 'nobody@example.com' }),
    );

    expect(outcome).toMatchObject({ kind: 'not_applicable' });
  });

  it('acknowledges a sandbox that keeps the data, and verification catches it', async () => {
    server.keepDataOnDelete = true;
    const client = sandboxClient();
    const request = input('erasure', { email: 'grace@example.com', ids: { stripe: GRACE } });

    expect(await stripeIntegration.erase?.(client, request)).toMatchObject({
      kind: 'acknowledged',
    });

    expect(await stripeIntegration.verify?.(client, request)).toMatchObject({
      kind: 'still_present',
    });
  });
});

describe('stripe rectification and restriction', () => {
  it('updates email, name and phone on every customer and verifies the new values', async () => {
    const client = sandboxClient();
    const request = input(
      'rectification',
      { email: 'ada@example.com' },
      { email: 'ada.king@example.org', name: 'Ada King', phone: '+44 20 7946 0999' },
    );

    const outcome = await stripeIntegration.rectify?.(client, request);

    expect(outcome).toMatchObject({ kind: 'acknowledged', evidence: { vendorStatus: 200 } });
    expect(JSON.stringify(outcome)).not.toMatch(/Ada King|ada\.king|0999/);
    for (const id of [ADA_FIRST, ADA_SECOND]) {
      expect(await customer(id)).toMatchObject({
        email: 'ada.king@example.org',
        name: 'Ada King',
        phone: '+44 20 7946 0999',
      });
    }
    expect(await stripeIntegration.verify?.(client, request)).toMatchObject({ kind: 'verified' });
  });

  it('verification reports a customer that still shows the old value', async () => {
    const request = input('rectification', { ids: { stripe: GRACE } }, { name: 'Grace B. Hopper' });

    expect(await stripeIntegration.verify?.(sandboxClient(), request)).toMatchObject({
      kind: 'still_present',
    });
  });

  it('marks every customer restricted in metadata, keeps other metadata, and says what it does not stop', async () => {
    await seedSandbox(server, {
      customers: [
        { id: 'cus_SbxLin00000001', email: 'lin@example.com', metadata: { plan: 'pro' } },
      ],
    });
    const client = sandboxClient();
    const request = input('restriction', { email: 'lin@example.com' });

    const outcome = await stripeIntegration.restrict?.(client, request);

    expect(outcome).toMatchObject({
      kind: 'acknowledged',
      evidence: {
        detail: expect.stringContaining('Stripe itself still runs active subscriptions'),
      },
    });
    expect(await customer('cus_SbxLin00000001')).toMatchObject({
      metadata: {
        plan: 'pro',
        dsr_restricted: 'true',
        dsr_restricted_at: '2026-11-29T10:00:00.000Z',
        dsr_request_id: 'req-1',
      },
    });
    expect(await stripeIntegration.verify?.(client, request)).toMatchObject({ kind: 'verified' });
  });
});

describe('stripe failures, as the host classifies them', () => {
  it('a 429 is a rate-limited retry without a time hint, and the SDK does not retry it', async () => {
    server.setFaults({ seed: 7, rateLimit: 1 });

    const { error, exchanges } = await runRecorded((client) =>
      stripeIntegration.erase?.(client, input('erasure', { email: 'ada@example.com' })),
    );

    expect(exchanges).toEqual([
      expect.objectContaining({ status: 429, headers: { 'stripe-should-retry': 'true' } }),
    ]);
    expect(classifyFailure(error, exchanges, new Date(), (error as Error).message)).toEqual({
      kind: 'retry',
      error: 'Stripe GET /v1/customers answered 429 rate_limit',
      vendorStatus: 429,
      retryAfterMs: undefined,
      rateLimited: true,
    });
    expect(server.log).toHaveLength(1);
  });

  it('a 500 is a retry', async () => {
    server.setFaults({ seed: 7, error500: 1 });

    const { error, exchanges } = await runRecorded((client) =>
      stripeIntegration.erase?.(client, input('erasure', { ids: { stripe: GRACE } })),
    );

    expect(classifyFailure(error, exchanges, new Date(), String(error))).toMatchObject({
      kind: 'retry',
      vendorStatus: 500,
    });
  });

  it('a wrong key is a permanent failure and changes nothing', async () => {
    const config = { ...sandboxConfig(), secretKey: 'sk_test_wrongKey000000' };

    const { error, exchanges } = await runRecorded(
      (client) => stripeIntegration.erase?.(client, input('erasure', { email: 'ada@example.com' })),
      config,
    );

    expect(classifyFailure(error, exchanges, new Date(), String(error))).toMatchObject({
      kind: 'failed',
      vendorStatus: 401,
    });
    expect(await customer(ADA_FIRST)).toMatchObject({ email: 'ada@example.com' });
  });

  it('an error message never quotes the customer id Stripe quotes', async () => {
    const client = sandboxClient();

    const thrown = await client.customers.retrieve('cus_Unknown0000000').catch((e: unknown) => e);
    const { error } = await runRecorded((recorded) =>
      stripeIntegration.rectify?.(
        recorded,
        input('rectification', { ids: { stripe: GRACE } }, { email: 'not-an-email' }),
      ),
    );

    expect(String((thrown as Error).message)).toContain('cus_Unknown0000000');
    expect((error as Error).message).toBe(
      'Stripe POST /v1/customers/{id} answered 400 email_invalid',
    );
  });
});

describe('stripe sandbox speaks the Stripe API', () => {
  const auth = () => ({ authorization: `Bearer ${sandboxConfig().secretKey}` });

  it('refuses a call without a key in Stripe’s error shape', async () => {
    const response = await fetch(`${server.baseUrl}/v1/customers?email=ada@example.com`);

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { type: 'invalid_request_error', message: expect.stringContaining('API key') },
    });
  });

  it('refuses unknown parameters and out-of-range limits with 400', async () => {
    const unknown = await fetch(`${server.baseUrl}/v1/customers/${GRACE}`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'nickname=Amazing+Grace',
    });
    const tooMany = await fetch(`${server.baseUrl}/v1/customers?limit=101`, { headers: auth() });

    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'parameter_unknown', param: 'nickname' },
    });
    expect(tooMany.status).toBe(400);
  });

  it('answers a delete of a deleted customer with 404 resource_missing, yet still retrieves it', async () => {
    const url = `${server.baseUrl}/v1/customers/${GRACE}`;
    await fetch(url, { method: 'DELETE', headers: auth() });

    const again = await fetch(url, { method: 'DELETE', headers: auth() });
    const retrieved = await fetch(url, { headers: auth() });

    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ error: { code: 'resource_missing' } });
    expect(await retrieved.json()).toEqual({ id: GRACE, object: 'customer', deleted: true });
  });
});
