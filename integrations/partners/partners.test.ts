import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionInput, Env } from '../contract.ts';
import { createOutboundFetch, outboundFetchFromEnv } from '../outbound/outbound-fetch.ts';
import type { SandboxServer } from '../sandbox-kit/server.ts';
import {
  requireConfig,
  sandboxAdmin,
  sandboxState,
  seedSandbox,
  unlimitedVendorFetch,
} from '../sandbox-kit/testing.ts';
import type { PartnerConfig } from './config.ts';
import { isPartnerDisabled } from './delivery-outcome.ts';
import { type PartnerClient, partnerIntegration, partnerIntegrations } from './index.ts';
import { sandbox } from './sandbox.ts';
import {
  type AckInbox,
  type ActionResult,
  eventually,
  runAction,
  startAckInbox,
} from './test-kit.ts';
import { generateWebhookSecret, type WebhookReceiverState } from './webhook-receiver.ts';

const integration = partnerIntegration('sandbox-partner');

let partner: SandboxServer;
let acks: AckInbox;
let env: Env;

function input(overrides: Partial<ActionInput> = {}): ActionInput {
  return {
    requestId: 'req-2026-0001',
    type: 'erasure',
    subject: { email: ' Ada@Example.com ', ids: { auth0: 'auth0|65f0abc' } },
    deadline: '2026-12-29T10:00:00.000Z',
    ackUrl: `${acks.baseUrl}/v1/acks/tok_ada_erasure`,
    now: new Date(),
    ...overrides,
  };
}

/** Runs one action through the host's fetch over `base` (the SSRF-guarded one by default). */
function run(
  actionName: 'erase' | 'rectify' | 'restrict',
  actionInput: ActionInput,
  config: PartnerConfig = configured(),
  base: typeof fetch = outboundFetchFromEnv(env),
): Promise<ActionResult> {
  const client: PartnerClient = integration.createClient(
    config,
    unlimitedVendorFetch(integration.name, base),
  );
  const action = integration[actionName] as NonNullable<typeof integration.erase>;
  return runAction(() => action(client, actionInput), actionInput);
}

function configured(): PartnerConfig {
  return requireConfig(integration, env);
}

function partnerState(): Promise<WebhookReceiverState> {
  return sandboxState<WebhookReceiverState>(partner);
}

async function script(body: Record<string, unknown>): Promise<void> {
  await sandboxAdmin(partner, 'script', body);
}

beforeEach(async () => {
  partner = await sandbox.start();
  acks = await startAckInbox();
  env = sandbox.env(partner.baseUrl);
});

afterEach(async () => {
  await partner.close();
  await acks.close();
});

describe('partner notifications against the sandbox partner', () => {
  it('configures the sandbox partner from its env', () => {
    expect(partnerIntegrations(env).map((each) => each.name)).toEqual(['partner:sandbox-partner']);
    expect(configured()).toMatchObject({
      name: 'sandbox-partner',
      url: `${partner.baseUrl}/webhooks/dsr`,
      allowPrivateTargets: true,
    });
  });

  it('notifies on erasure, waits for the ack, and the partner confirms at the ack URL', async () => {
    const result = await run('erase', input());

    expect(result).toEqual({
      outcome: {
        kind: 'awaiting_ack',
        evidence: { vendorStatus: 200, detail: 'notified, awaiting partner confirmation' },
      },
    });
    const state = await partnerState();
    expect(state.deliveries).toHaveLength(1);
    expect(state.deliveries[0]?.payload).toEqual({
      type: 'dsr.erasure',
      requestId: 'req-2026-0001',
      subject: { email: 'ada@example.com', ids: { auth0: 'auth0|65f0abc' } },
      deadline: '2026-12-29T10:00:00.000Z',
      ackUrl: `${acks.baseUrl}/v1/acks/tok_ada_erasure`,
    });
    const confirmed = await eventually(
      () => acks.received,
      (list) => list.length > 0,
    );
    expect(confirmed).toEqual([{ token: 'tok_ada_erasure', body: { status: 'completed' } }]);
  });

  it('sends the changes with a rectification and the type with a restriction', async () => {
    const changes = { email: 'ada@lovelace.example', name: 'Ada Lovelace' };

    await run('rectify', input({ type: 'rectification', changes }));
    await run('restrict', input({ type: 'restriction', changes }));

    const [rectification, restriction] = (await partnerState()).deliveries;
    expect(rectification?.payload).toMatchObject({ type: 'dsr.rectification', changes });
    expect(restriction?.payload.type).toBe('dsr.restriction');
    expect(restriction?.payload).not.toHaveProperty('changes');
  });

  it('redelivers with the same webhook-id, so the partner acts once', async () => {
    await run('erase', input());
    await run('erase', input({ now: new Date(Date.now() + 1000) }));

    const state = await partnerState();
    expect(state.deliveries.map((delivery) => delivery.duplicate)).toEqual([false, true]);
    expect(state.deliveries[0]?.webhookId).toBe(state.deliveries[1]?.webhookId);
    await eventually(
      () => acks.received,
      (list) => list.length > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(acks.received).toHaveLength(1);
  });

  it('waits without confirming when the partner does not auto-acknowledge', async () => {
    await seedSandbox(partner, { autoAck: false });

    const result = await run('erase', input());

    expect(result).toMatchObject({ outcome: { kind: 'awaiting_ack' } });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(acks.received).toEqual([]);
  });

  it('fails and disables the partner on 410 Gone', async () => {
    await script({ status: 410, body: { error: 'gone' } });

    const result = await run('erase', input());

    expect(result).toEqual({
      outcome: {
        kind: 'failed',
        error: 'partner endpoint gone; partner disabled',
        vendorStatus: 410,
        disable: true,
      },
    });
    expect('outcome' in result && isPartnerDisabled(result.outcome)).toBe(true);
  });

  it('slows down on 429 with the Retry-After the partner asked for', async () => {
    await script({ status: 429, headers: { 'retry-after': '7' } });

    const result = await run('erase', input());

    expect(result).toEqual({
      outcome: {
        kind: 'retry',
        error: '429 partner rate limited; Retry-After 7',
        vendorStatus: 429,
        retryAfterMs: 7000,
        rateLimited: true,
      },
    });
  });

  it.each([
    [500, 'retry'],
    [502, 'retry'],
    [504, 'retry'],
    [400, 'failed'],
    [404, 'failed'],
  ])('answers %i with %s', async (status, kind) => {
    await script({ status });

    const result = await run('erase', input());

    expect(result).toMatchObject({ outcome: { kind, vendorStatus: status } });
  });

  it('fails on a redirect and does not follow it', async () => {
    await script({ status: 307, headers: { location: `${acks.baseUrl}/elsewhere` } });

    const result = await run('erase', input());

    expect(result).toMatchObject({ outcome: { kind: 'failed', vendorStatus: 307 } });
    expect(acks.received).toEqual([]);
  });

  it('is refused by the partner when signed with another secret', async () => {
    const result = await run('erase', input(), {
      ...configured(),
      secret: generateWebhookSecret(),
    });

    expect(result).toMatchObject({ outcome: { kind: 'failed', vendorStatus: 401 } });
    expect((await partnerState()).deliveries).toEqual([]);
  });

  it('leaves a task without an ack URL failed instead of sending a dead link', async () => {
    const result = await run('erase', input({ ackUrl: undefined }));

    expect(result).toMatchObject({ outcome: { kind: 'failed' } });
    expect((await partnerState()).deliveries).toEqual([]);
  });

  it('lets the host retry when the partner cannot be reached', async () => {
    await partner.close();

    const result = await run('erase', input());

    expect(result).toMatchObject({ thrown: { kind: 'retry' } });
  });

  it('reports that a partner cannot be read back', async () => {
    const client = integration.createClient(configured(), globalThis.fetch);
    await expect(integration.verify?.(client, input())).resolves.toMatchObject({
      kind: 'unverifiable',
    });
  });
});

describe('partner notifications and private targets', () => {
  it('refuses to notify a partner whose name resolves to loopback', async () => {
    const port = new URL(partner.baseUrl).port;
    const config: PartnerConfig = {
      ...configured(),
      url: `https://partner.example:${port}/webhooks/dsr`,
      allowPrivateTargets: false,
    };
    const guarded = createOutboundFetch({
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    });

    const result = await run('erase', input(), config, guarded);

    expect(result).toMatchObject({
      outcome: { kind: 'failed', error: expect.stringMatching(/not a public address/) },
    });
    expect((await partnerState()).deliveries).toEqual([]);
    const log = (await (await fetch(`${partner.baseUrl}/__sandbox/requests`)).json()) as {
      items: unknown[];
    };
    expect(log.items).toEqual([]);
  });

  it('refuses a plain-http partner URL unless private targets are allowed', async () => {
    const config: PartnerConfig = { ...configured(), allowPrivateTargets: false };

    const result = await run('erase', input(), config, globalThis.fetch);

    expect(result).toMatchObject({
      outcome: { kind: 'failed', error: expect.stringMatching(/must use https/) },
    });
    expect((await partnerState()).deliveries).toEqual([]);
  });
});

describe('partner notification signatures', () => {
  it('can be verified with the partner secret and not with another', async () => {
    const captured: { headers: Record<string, string>; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        captured.push({ headers: req.headers as Record<string, string>, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    const secret = generateWebhookSecret();
    const config: PartnerConfig = {
      name: 'sandbox-partner',
      url: `http://127.0.0.1:${port}/dsr`,
      secret,
      allowPrivateTargets: true,
    };

    try {
      const result = await run('erase', input(), config);

      expect(result).toMatchObject({
        outcome: { kind: 'awaiting_ack', evidence: { vendorStatus: 204 } },
      });
      const [delivery] = captured;
      if (!delivery) throw new Error('no delivery captured');
      expect(delivery.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(new Webhook(secret).verify(delivery.body, delivery.headers)).toMatchObject({
        type: 'dsr.erasure',
        requestId: 'req-2026-0001',
      });
      expect(() =>
        new Webhook(generateWebhookSecret()).verify(delivery.body, delivery.headers),
      ).toThrow();
    } finally {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
