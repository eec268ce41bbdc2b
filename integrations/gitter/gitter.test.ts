import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestType, SubjectIds } from '../../core/model.ts';
import type { ActionOutcome } from '../../core/outcome.ts';
import type { ActionInput } from '../contract.ts';
import type { SandboxServer } from '../sandbox-kit/server.ts';
import {
  actionInput,
  failureOf,
  sandboxAdmin,
  sandboxRequests,
  sandboxState,
  seedSandbox,
  startUnthrottled,
  unlimitedVendorFetch,
} from '../sandbox-kit/testing.ts';
import { GITTER_DEFAULT_BASE_URL, type GitterConfig, readGitterConfig } from './descriptor.ts';
import { deactivationNotice, gitterIntegration as gitter } from './index.ts';
import { RoomAdmin, redactionTxnId } from './room-admin.ts';
import { SANDBOX_ROOM_IDS, sandbox } from './sandbox.ts';

interface RoomState {
  name?: string;
  botJoined: boolean;
  members: Record<string, string>;
  events: {
    event_id: string;
    type: string;
    sender: string;
    redacted: boolean;
    content: Record<string, unknown>;
  }[];
}

const ADA = '@ada:gitter.im';
const GRACE = '@grace:gitter.im';
const LINUS = '@linus:gitter.im';
const COMMUNITY = '!community:gitter.im';
const SUPPORT = '!support:gitter.im';

let server: SandboxServer;
let config: GitterConfig;
let admin: RoomAdmin;

beforeEach(async () => {
  server = await startUnthrottled(sandbox);
  config = readGitterConfig(sandbox.env(server.baseUrl)) as GitterConfig;
  admin = gitter.createClient(config, globalThis.fetch);
});

afterEach(async () => {
  await server.close();
});

const ACK_URL = 'https://hub.example/v1/acks/secret-token-123';

function input(
  type: RequestType,
  ids: SubjectIds,
  ackUrl: string | undefined = ACK_URL,
): ActionInput {
  return actionInput(
    type,
    { email: 'ada@example.com', ids },
    { requestId: 'req-gitter-1', ackUrl },
  );
}

async function rooms(): Promise<Record<string, RoomState>> {
  return (await sandboxState<{ rooms: Record<string, RoomState> }>(server)).rooms;
}

async function room(roomId: string): Promise<RoomState> {
  return (await rooms())[roomId] as RoomState;
}

/** Direct-message rooms the bot opened with the user, with the notices sent there. */
async function noticesTo(userId: string): Promise<string[][]> {
  return Object.values(await rooms())
    .filter((state) => state.name !== undefined && state.members[userId] === 'invite')
    .map((state) =>
      state.events
        .filter((event) => event.type === 'm.room.message')
        .map((event) => String(event.content.body)),
    );
}

function unredactedFrom(state: RoomState, userId: string): number {
  return state.events.filter(
    (event) =>
      event.sender === userId &&
      !event.redacted &&
      (event.type === 'm.room.message' || event.type === 'm.room.member'),
  ).length;
}

async function requestsTo(method: string, pathPart: string): Promise<number> {
  const items = await sandboxRequests(server);
  return items.filter((item) => item.method === method && item.path.includes(pathPart)).length;
}

/** Runs an action the way the host does and classifies its failure from the exchanges. */
async function attemptThroughHost(run: (client: RoomAdmin) => Promise<ActionOutcome>) {
  const client = gitter.createClient(config, unlimitedVendorFetch('gitter'));
  return failureOf(() => run(client));
}

describe('gitter erasure', () => {
  it('kicks the person from every room, redacts their events, then waits for deactivation', async () => {
    const outcome = await gitter.erase?.(admin, input('erasure', { matrix: ADA }));

    expect(outcome?.kind).toBe('awaiting_ack');
    const evidence = outcome?.kind === 'awaiting_ack' ? outcome.evidence : undefined;
    expect(evidence?.detail).toMatch(/removed from 2 of 2 room\(s\), 5 event\(s\) redacted/);
    expect(evidence?.detail).toContain('Deactivate account');
    expect(JSON.stringify(outcome)).not.toContain('ada');
    expect(JSON.stringify(outcome)).not.toContain('secret-token-123');
    const community = await room(COMMUNITY);
    const support = await room(SUPPORT);
    expect(community.members[ADA]).toBe('leave');
    expect(support.members[ADA]).toBe('leave');
    expect(unredactedFrom(community, ADA)).toBe(0);
    expect(unredactedFrom(support, ADA)).toBe(0);
    expect(unredactedFrom(community, LINUS)).toBe(2);
    expect(unredactedFrom(community, GRACE)).toBe(2);
    expect(community.members[GRACE]).toBe('join');
  });

  it('sends the person the deactivation steps and their ack link by direct message', async () => {
    await gitter.erase?.(admin, input('erasure', { matrix: ADA }));

    const notices = await noticesTo(ADA);

    expect(notices).toHaveLength(1);
    expect(notices[0]).toHaveLength(1);
    expect(notices[0]?.[0]).toContain(ACK_URL);
    expect(notices[0]?.[0]).toContain('Deactivate account');
    expect(await noticesTo(GRACE)).toEqual([]);
  });

  it('refuses to start without an ack link to give the person', async () => {
    const withoutLink = { ...input('erasure', { matrix: ADA }), ackUrl: undefined };

    const outcome = await gitter.erase?.(admin, withoutLink);

    expect(outcome).toEqual({
      kind: 'failed',
      error: 'no ack URL was issued for this Gitter erasure',
    });
    expect(await requestsTo('POST', '/kick')).toBe(0);
  });

  it('changes nothing on a repeat but hands the person the new ack link', async () => {
    await gitter.erase?.(admin, input('erasure', { matrix: ADA }));
    const kicks = await requestsTo('POST', '/kick');
    const redactions = await requestsTo('PUT', '/redact/');

    const again = await gitter.erase?.(
      admin,
      input('erasure', { matrix: ADA }, 'https://hub.example/v1/acks/second-token'),
    );

    expect(again?.kind).toBe('awaiting_ack');
    expect((await noticesTo(ADA)).flat().at(-1)).toContain('second-token');
    expect(again?.kind === 'awaiting_ack' && again.evidence.detail).toMatch(
      /removed from 0 of 2 room\(s\), 0 event\(s\) redacted/,
    );
    expect(await requestsTo('POST', '/kick')).toBe(kicks);
    expect(await requestsTo('PUT', '/redact/')).toBe(redactions);
  });

  it('redacts a person who already left, without kicking them', async () => {
    await seedSandbox(server, {
      rooms: [
        {
          roomId: SUPPORT,
          members: { [GRACE]: 'leave' },
          messages: [{ sender: GRACE, body: 'hi' }],
        },
      ],
    });
    const grace = input('erasure', { matrix: GRACE });

    await gitter.erase?.(admin, grace);

    expect(await requestsTo('POST', '/kick')).toBe(1);
    expect(unredactedFrom(await room(SUPPORT), GRACE)).toBe(0);
  });

  it('pages back through long histories', async () => {
    const messages = Array.from({ length: 250 }, (_, i) => ({ sender: ADA, body: `message ${i}` }));
    await seedSandbox(server, {
      rooms: [{ roomId: COMMUNITY, members: { [ADA]: 'join' }, messages }],
    });

    const outcome = await gitter.erase?.(admin, input('erasure', { matrix: ADA }));

    expect(outcome?.kind === 'awaiting_ack' && outcome.evidence.detail).toMatch(/253 event\(s\)/);
    expect(unredactedFrom(await room(COMMUNITY), ADA)).toBe(0);
    expect(await requestsTo('GET', `/rooms/${encodeURIComponent(COMMUNITY)}/messages`)).toBe(3);
  });

  it('skips rooms the bot has not joined and says so', async () => {
    await seedSandbox(server, {
      rooms: [{ roomId: COMMUNITY, botJoined: false, members: { [ADA]: 'join' } }],
    });

    const outcome = await gitter.erase?.(admin, input('erasure', { matrix: ADA }));

    expect(outcome?.kind === 'awaiting_ack' && outcome.evidence.detail).toMatch(
      /removed from 1 of 2 room\(s\).*1 room\(s\) skipped: bot not joined/,
    );
    expect((await room(COMMUNITY)).members[ADA]).toBe('join');
  });

  it('is not applicable without a Matrix id and fails on a malformed one', async () => {
    const none = await gitter.erase?.(admin, input('erasure', {}));
    const malformed = await gitter.erase?.(admin, input('erasure', { matrix: 'ada@gitter.im' }));

    expect(none).toEqual({ kind: 'not_applicable', reason: 'no Matrix id for this person' });
    expect(malformed?.kind).toBe('failed');
    expect(JSON.stringify(malformed)).not.toContain('ada@');
    expect(await requestsTo('GET', '/')).toBe(0);
  });

  it('never writes the person’s id to the console', async () => {
    const spies = (['log', 'debug', 'info', 'warn', 'error'] as const).map((method) =>
      vi.spyOn(console, method),
    );
    try {
      await gitter.erase?.(admin, input('erasure', { matrix: ADA }));
      await gitter.verify?.(admin, input('erasure', { matrix: ADA }));
      const written = spies.flatMap((spy) => spy.mock.calls.flat().map(String)).join('\n');
      expect(written).not.toContain('ada');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('gitter verification', () => {
  it('verifies an erasure once membership and events are gone', async () => {
    const ada = input('erasure', { matrix: ADA });
    const before = await gitter.verify?.(admin, ada);
    await gitter.erase?.(admin, ada);

    const after = await gitter.verify?.(admin, ada);

    expect(before?.kind).toBe('still_present');
    expect(after).toEqual({
      kind: 'verified',
      detail: 'not a member of any of 2 room(s), no unredacted events left',
    });
  });

  it('catches a homeserver that acknowledges but keeps the data', async () => {
    await sandboxAdmin(server, 'config', { keepData: true });
    const ada = input('erasure', { matrix: ADA });

    const outcome = await gitter.erase?.(admin, ada);
    const verification = await gitter.verify?.(admin, ada);

    expect(outcome?.kind).toBe('awaiting_ack');
    expect(verification?.kind).toBe('still_present');
  });

  it('cannot vouch for rooms the bot has not joined', async () => {
    await seedSandbox(server, { rooms: [{ roomId: SUPPORT, botJoined: false }] });
    const ada = input('erasure', { matrix: ADA });
    await gitter.erase?.(admin, ada);

    const verification = await gitter.verify?.(admin, ada);

    expect(verification).toEqual({
      kind: 'unverifiable',
      reason: 'the bot has not joined 1 of 2 room(s)',
    });
  });
});

describe('gitter restriction and rectification', () => {
  it('restricts by removing the person from the rooms and keeps their messages', async () => {
    const grace = input('restriction', { matrix: GRACE });

    const outcome = await gitter.restrict?.(admin, grace);

    expect(outcome?.kind).toBe('acknowledged');
    expect(outcome?.kind === 'acknowledged' && outcome.evidence.detail).toBe(
      'removed from 1 of 2 room(s)',
    );
    const community = await room(COMMUNITY);
    expect(community.members[GRACE]).toBe('leave');
    expect(unredactedFrom(community, GRACE)).toBe(2);
    expect(await gitter.verify?.(admin, grace)).toEqual({
      kind: 'verified',
      detail: 'not a member of any of 2 room(s)',
    });
  });

  it('finds nothing to restrict for someone in none of the rooms', async () => {
    const outcome = await gitter.restrict?.(
      admin,
      input('restriction', { matrix: '@nobody:gitter.im' }),
    );

    expect(outcome).toEqual({
      kind: 'not_applicable',
      reason: 'not a member of any of the Gitter rooms',
    });
    expect(await requestsTo('POST', '/kick')).toBe(0);
  });

  it('leaves rectification to the person', async () => {
    const outcome = await gitter.rectify?.(admin, input('rectification', { matrix: ADA }));

    expect(outcome?.kind).toBe('not_applicable');
    expect(await requestsTo('GET', '/')).toBe(0);
  });
});

describe('gitter failures, as the host classifies them', () => {
  it('turns M_LIMIT_EXCEEDED into a rate-limited retry after retry_after_ms', async () => {
    await sandboxAdmin(server, 'script', {
      method: 'POST',
      pathIncludes: '/kick',
      status: 429,
      body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 1500 },
    });

    const { error, outcome } = await attemptThroughHost(
      (client) =>
        gitter.erase?.(client, input('erasure', { matrix: ADA })) as Promise<ActionOutcome>,
    );

    expect(outcome).toMatchObject({
      kind: 'retry',
      vendorStatus: 429,
      rateLimited: true,
      retryAfterMs: 1500,
    });
    expect(error.message).toBe('Matrix kick answered 429 M_LIMIT_EXCEEDED');
    expect(error.message).not.toContain('ada');
  });

  it('backs off when the homeserver’s own rate window is full', async () => {
    await sandboxAdmin(server, 'config', { rateLimit: 3 });

    const { outcome } = await attemptThroughHost(
      (client) =>
        gitter.erase?.(client, input('erasure', { matrix: ADA })) as Promise<ActionOutcome>,
    );

    expect(outcome).toMatchObject({ kind: 'retry', vendorStatus: 429, rateLimited: true });
    expect(outcome.kind === 'retry' && outcome.retryAfterMs).toBeGreaterThan(0);
  });

  it('retries a homeserver error', async () => {
    await sandboxAdmin(server, 'script', {
      pathIncludes: '/messages',
      status: 502,
      body: { errcode: 'M_UNKNOWN', error: 'Bad gateway' },
    });

    const { outcome } = await attemptThroughHost(
      (client) =>
        gitter.erase?.(client, input('erasure', { matrix: ADA })) as Promise<ActionOutcome>,
    );

    expect(outcome).toMatchObject({ kind: 'retry', vendorStatus: 502 });
  });

  it('fails when the bot lacks the power to kick', async () => {
    await seedSandbox(server, {
      rooms: [{ roomId: COMMUNITY, botIsModerator: false, members: { [ADA]: 'join' } }],
    });

    const { error, outcome } = await attemptThroughHost(
      (client) =>
        gitter.erase?.(client, input('erasure', { matrix: ADA })) as Promise<ActionOutcome>,
    );

    expect(outcome).toMatchObject({ kind: 'failed', vendorStatus: 403 });
    expect(error.message).toBe('Matrix kick answered 403 M_FORBIDDEN');
  });

  it('fails on a revoked token', async () => {
    config = { ...config, accessToken: 'syt_revoked' };

    const { outcome } = await attemptThroughHost(
      (client) =>
        gitter.erase?.(client, input('erasure', { matrix: ADA })) as Promise<ActionOutcome>,
    );

    expect(outcome).toMatchObject({ kind: 'failed', vendorStatus: 401 });
  });
});

describe('gitter building blocks', () => {
  it('derives one redaction transaction id per room and event', () => {
    const first = redactionTxnId(COMMUNITY, '$abc');

    expect(redactionTxnId(COMMUNITY, '$abc')).toBe(first);
    expect(redactionTxnId(COMMUNITY, '$abd')).not.toBe(first);
    expect(redactionTxnId(SUPPORT, '$abc')).not.toBe(first);
    expect(first).toMatch(/^dsr-[0-9a-f]{32}$/);
  });

  it('lets the homeserver deduplicate a redaction sent twice', async () => {
    const state = await room(COMMUNITY);
    const target = state.events.find(
      (event) => event.sender === ADA && event.type === 'm.room.message',
    );
    await new RoomAdmin(config, globalThis.fetch).redact(COMMUNITY, target?.event_id ?? '', 'x');
    await new RoomAdmin(config, globalThis.fetch).redact(COMMUNITY, target?.event_id ?? '', 'x');

    const redactions = (await room(COMMUNITY)).events.filter(
      (event) => event.type === 'm.room.redaction',
    );
    expect(redactions).toHaveLength(1);
  });

  it('reads its configuration and fails fast on a partial one', () => {
    expect(readGitterConfig({})).toBeUndefined();
    expect(() => readGitterConfig({ GITTER_ACCESS_TOKEN: 't' })).toThrow(
      /GITTER_USER_ID, GITTER_ROOM_IDS must be set/,
    );
    expect(() =>
      readGitterConfig({
        GITTER_ACCESS_TOKEN: 't',
        GITTER_USER_ID: '@b:x',
        GITTER_ROOM_IDS: '#room:x',
      }),
    ).toThrow(/room ids/);
    const parsed = readGitterConfig({
      GITTER_ACCESS_TOKEN: ' t ',
      GITTER_USER_ID: '@bot:gitter.im',
      GITTER_ROOM_IDS: '!a:gitter.im, !b:gitter.im,',
    });
    expect(parsed).toEqual({
      baseUrl: GITTER_DEFAULT_BASE_URL,
      accessToken: 't',
      botUserId: '@bot:gitter.im',
      roomIds: ['!a:gitter.im', '!b:gitter.im'],
    });
    expect(config.roomIds).toEqual(SANDBOX_ROOM_IDS);
  });

  it('puts the ack link only into the notice meant for the person', () => {
    const notice = deactivationNotice('https://hub.example/v1/acks/tok');

    expect(notice).toContain('https://hub.example/v1/acks/tok');
    expect(notice).toContain('Deactivate account');
  });
});
