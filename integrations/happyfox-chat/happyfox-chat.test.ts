import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionInput, Env } from '../contract.ts';
import { outboundFetchFromEnv } from '../outbound/outbound-fetch.ts';
import { isPartnerDisabled } from '../partners/delivery-outcome.ts';
import {
  type AckInbox,
  type ActionResult,
  eventually,
  runAction,
  startAckInbox,
} from '../partners/test-kit.ts';
import { generateWebhookSecret, type WebhookReceiverState } from '../partners/webhook-receiver.ts';
import type { SandboxServer } from '../sandbox-kit/server.ts';
import {
  requireConfig,
  sandboxAdmin,
  sandboxState,
  unlimitedVendorFetch,
} from '../sandbox-kit/testing.ts';
import type { HappyFoxChatConfig } from './descriptor.ts';
import { happyFoxChatIntegration as happyFoxChat } from './index.ts';
import { type ChatVisitor, sandbox } from './sandbox.ts';

type SandboxState = WebhookReceiverState & { visitors: ChatVisitor[] };

let inbox: SandboxServer;
let acks: AckInbox;
let env: Env;

function input(overrides: Partial<ActionInput> = {}): ActionInput {
  return {
    requestId: 'req-2026-0042',
    type: 'erasure',
    subject: { email: 'Ada@example.com' },
    deadline: '2026-12-29T10:00:00.000Z',
    ackUrl: `${acks.baseUrl}/v1/acks/tok_happyfox`,
    now: new Date(),
    ...overrides,
  };
}

function configured(): HappyFoxChatConfig {
  return requireConfig(happyFoxChat, env);
}

function run(
  actionName: 'erase' | 'rectify' | 'restrict',
  actionInput: ActionInput,
  config: HappyFoxChatConfig = configured(),
): Promise<ActionResult> {
  const fetch = unlimitedVendorFetch(happyFoxChat.name, outboundFetchFromEnv(env));
  const client = happyFoxChat.createClient(config, fetch);
  const action = happyFoxChat[actionName] as NonNullable<typeof happyFoxChat.erase>;
  return runAction(() => action(client, actionInput), actionInput);
}

function state(): Promise<SandboxState> {
  return sandboxState<SandboxState>(inbox);
}

async function admin(route: string, body: Record<string, unknown>): Promise<void> {
  await sandboxAdmin(inbox, route, body);
}

const ada = (visitors: ChatVisitor[]) =>
  visitors.find((visitor) => visitor.email === 'ada@example.com');

beforeEach(async () => {
  inbox = await sandbox.start();
  acks = await startAckInbox();
  env = sandbox.env(inbox.baseUrl);
});

afterEach(async () => {
  await inbox.close();
  await acks.close();
});

describe('HappyFox Chat configuration', () => {
  it('is a manual integration limited to one notification a second', () => {
    expect(happyFoxChat.name).toBe('happyfox-chat');
    expect(happyFoxChat.mode).toBe('manual');
    expect(happyFoxChat.supports).toEqual(['erasure', 'rectification', 'restriction']);
    expect(happyFoxChat.rateLimit).toEqual({ perSecond: 1, envVar: 'HAPPYFOX_CHAT_RATE_LIMIT' });
  });

  it('is off without a contact and reads the sandbox contact from its env', () => {
    expect(happyFoxChat.configure({})).toBeUndefined();
    expect(configured()).toMatchObject({
      url: `${inbox.baseUrl}/contact-inbox`,
      allowPrivateTargets: true,
    });
  });

  it.each([
    [
      'a URL without a secret',
      { HAPPYFOX_CONTACT_WEBHOOK_URL: 'https://hooks.example.com/dsr' },
      /HAPPYFOX_CONTACT_WEBHOOK_URL and HAPPYFOX_CONTACT_WEBHOOK_SECRET must be set together/,
    ],
    [
      'a plain-http URL',
      {
        HAPPYFOX_CONTACT_WEBHOOK_URL: 'http://hooks.example.com/dsr',
        HAPPYFOX_CONTACT_WEBHOOK_SECRET: generateWebhookSecret(),
      },
      /HAPPYFOX_CONTACT_WEBHOOK_URL: .*must use https/,
    ],
    [
      'a private address',
      {
        HAPPYFOX_CONTACT_WEBHOOK_URL: 'https://192.168.0.10/dsr',
        HAPPYFOX_CONTACT_WEBHOOK_SECRET: generateWebhookSecret(),
      },
      /HAPPYFOX_CONTACT_WEBHOOK_URL: .*not a public address/,
    ],
    [
      'a secret that is not whsec_',
      {
        HAPPYFOX_CONTACT_WEBHOOK_URL: 'https://hooks.example.com/dsr',
        HAPPYFOX_CONTACT_WEBHOOK_SECRET: 'sk_live_123',
      },
      /HAPPYFOX_CONTACT_WEBHOOK_SECRET: .*whsec_/,
    ],
  ])('refuses %s, naming the variable', (_label, badEnv, message) => {
    expect(() => happyFoxChat.configure(badEnv)).toThrow(message);
  });
});

describe('HappyFox Chat manual tasks against the contact sandbox', () => {
  it('asks the contact to erase, waits, and the contact erases and confirms', async () => {
    const result = await run('erase', input());

    expect(result).toEqual({
      outcome: {
        kind: 'awaiting_ack',
        evidence: {
          vendorStatus: 200,
          detail:
            'notified the HappyFox Chat contact; awaiting confirmation of the erasure in the HappyFox Chat dashboard',
        },
      },
    });
    const [delivery] = (await state()).deliveries;
    expect(delivery?.payload).toMatchObject({
      type: 'dsr.erasure',
      integration: 'happyfox-chat',
      requestId: 'req-2026-0042',
      subject: { email: 'ada@example.com' },
      deadline: '2026-12-29T10:00:00.000Z',
      ackUrl: `${acks.baseUrl}/v1/acks/tok_happyfox`,
    });
    const instructions = ((delivery?.payload.instructions ?? []) as string[]).join('\n');
    expect(instructions).toMatch(/Delete every chat transcript and offline message/);
    expect(instructions).not.toContain('ada@example.com');
    await eventually(
      () => acks.received,
      (list) => list.length > 0,
    );
    expect(acks.received).toEqual([{ token: 'tok_happyfox', body: { status: 'completed' } }]);
    expect(ada((await state()).visitors)).toBeUndefined();
    expect((await state()).visitors.map((visitor) => visitor.email)).toEqual(['grace@example.com']);
  });

  it('asks for a correction with the changes', async () => {
    const changes = { name: 'Augusta Ada King', phone: '+440000000000' };

    const result = await run('rectify', input({ type: 'rectification', changes }));

    expect(result).toMatchObject({ outcome: { kind: 'awaiting_ack' } });
    expect((await state()).deliveries[0]?.payload).toMatchObject({
      type: 'dsr.rectification',
      changes,
    });
    await eventually(
      () => acks.received,
      (list) => list.length > 0,
    );
    expect(ada((await state()).visitors)).toMatchObject(changes);
  });

  it('asks for a restriction, which keeps the visitor', async () => {
    await run('restrict', input({ type: 'restriction' }));

    await eventually(
      () => acks.received,
      (list) => list.length > 0,
    );
    expect(ada((await state()).visitors)).toMatchObject({ restricted: true, transcripts: 3 });
  });

  it('catches nothing when the contact confirms without deleting: the ack is the only evidence', async () => {
    await admin('config', { keepData: true });

    await run('erase', input());

    await eventually(
      () => acks.received,
      (list) => list.length > 0,
    );
    expect(ada((await state()).visitors)).toBeDefined();
    const client = happyFoxChat.createClient(configured(), globalThis.fetch);
    await expect(happyFoxChat.verify?.(client, input())).resolves.toMatchObject({
      kind: 'unverifiable',
    });
  });

  it('has nothing to do without an email', async () => {
    const result = await run('erase', input({ subject: { ids: { auth0: 'auth0|65f0abc' } } }));

    expect(result).toEqual({
      outcome: {
        kind: 'not_applicable',
        reason: 'no email to find the visitor in HappyFox Chat by',
      },
    });
    expect((await state()).deliveries).toEqual([]);
  });

  it('stops notifying a contact endpoint that answers 410 Gone', async () => {
    await admin('script', { status: 410 });

    const result = await run('erase', input());

    expect(result).toEqual({
      outcome: {
        kind: 'failed',
        error: 'HappyFox Chat contact endpoint gone; notifications disabled',
        vendorStatus: 410,
        disable: true,
      },
    });
    expect('outcome' in result && isPartnerDisabled(result.outcome)).toBe(true);
  });

  it('retries after the Retry-After of a 429', async () => {
    await admin('script', { status: 429, headers: { 'retry-after': '3' } });

    const result = await run('erase', input());

    expect(result).toMatchObject({
      outcome: { kind: 'retry', vendorStatus: 429, retryAfterMs: 3000, rateLimited: true },
    });
  });

  it('retries a 500', async () => {
    await admin('script', { status: 500 });

    expect(await run('erase', input())).toMatchObject({
      outcome: { kind: 'retry', vendorStatus: 500 },
    });
  });

  it('is refused by the inbox when signed with another secret', async () => {
    const result = await run('erase', input(), {
      ...configured(),
      secret: generateWebhookSecret(),
    });

    expect(result).toMatchObject({ outcome: { kind: 'failed', vendorStatus: 401 } });
    expect((await state()).deliveries).toEqual([]);
  });

  it('starts again from the demo visitors after a reset', async () => {
    await run('erase', input());
    await eventually(
      () => acks.received,
      (list) => list.length > 0,
    );

    await admin('reset', {});

    const after = await state();
    expect(after.deliveries).toEqual([]);
    expect(after.visitors.map((visitor) => visitor.email)).toEqual([
      'ada@example.com',
      'grace@example.com',
    ]);
  });
});
