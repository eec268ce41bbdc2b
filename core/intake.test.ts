import { beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from './audit.ts';
import { RequestConflict, UnprocessableRequest } from './errors.ts';
import {
  type EnabledIntegration,
  emailHash,
  fingerprint,
  type IntakeDeps,
  type SubmittedRequest,
  submitRequest,
} from './intake.ts';
import { FakeClock, FakeQueue, InMemoryRequestStore } from './testing/fakes.ts';

const ENABLED: EnabledIntegration[] = [
  { name: 'auth0', supports: ['erasure', 'rectification', 'restriction'] },
  { name: 'stripe', supports: ['erasure', 'rectification'] },
  { name: 'partner:acme', supports: ['erasure', 'rectification', 'restriction'] },
];
const PICKUP_GRACE_MS = 90_000;

let store: InMemoryRequestStore;
let queue: FakeQueue;
let clock: FakeClock;
let deps: IntakeDeps;

beforeEach(() => {
  store = new InMemoryRequestStore();
  queue = new FakeQueue();
  clock = new FakeClock('2026-03-10T12:00:00.000Z');
  deps = {
    store,
    queue,
    clock,
    enabled: new Map(ENABLED.map((integration) => [integration.name, integration])),
    emailHashKey: 'test-email-key',
    pickupGraceMs: PICKUP_GRACE_MS,
  };
});

const erasure = (overrides: Partial<SubmittedRequest> = {}): SubmittedRequest => ({
  id: 'req-1',
  type: 'erasure',
  subject: { email: 'ada@example.com', ids: { auth0: 'auth0|65f0a1b2', stripe: 'cus_Q1abc' } },
  integrations: ['auth0', 'stripe'],
  requestedAt: '2026-01-31T09:00:00.000Z',
  ...overrides,
});

describe('submitRequest: a new request', () => {
  it('is accepted with one pending task per integration, and stored as returned', async () => {
    const result = await submitRequest(erasure(), 'msg_1', deps);

    expect(result.outcome).toBe('accepted');
    const stored = store.peek('req-1');
    expect(stored).toEqual(result.request);
    expect(stored?.status).toBe('in_progress');
    expect(stored?.completedAt).toBeUndefined();
    expect(stored?.version).toBe(1);
    expect(Object.keys(stored?.tasks ?? {}).sort()).toEqual(['auth0', 'stripe']);
    for (const task of Object.values(stored?.tasks ?? {})) {
      expect(task).toMatchObject({ status: 'pending', attempts: 0, failures: 0, throttles: 0 });
      expect(task.pickupBy).toBe('2026-03-10T12:01:30.000Z');
    }
  });

  it('records when it was received and the deadline one month after it was requested', async () => {
    const { request } = await submitRequest(erasure(), 'msg_1', deps);
    expect(request.receivedAt).toBe('2026-03-10T12:00:00.000Z');
    expect(request.requestedAt).toBe('2026-01-31T09:00:00.000Z');
    expect(request.deadline).toBe('2026-02-28T09:00:00.000Z');
  });

  it('counts the deadline from receipt when requestedAt is not given', async () => {
    const { request } = await submitRequest(erasure({ requestedAt: undefined }), 'msg_1', deps);
    expect(request.requestedAt).toBe('2026-03-10T12:00:00.000Z');
    expect(request.deadline).toBe('2026-04-10T12:00:00.000Z');
  });

  it('keeps the subject masked and a keyed hash of the normalized email', async () => {
    const { request } = await submitRequest(
      erasure({ subject: { email: 'Ada.Lovelace@Example.com' } }),
      'msg_1',
      deps,
    );
    expect(request.subjectMasked).toEqual({ email: 'A***@Example.com' });
    // The same person, however the address is spelled, gets the same hash under the hub's key.
    expect(request.emailHash).toBe(emailHash('ada.lovelace@example.com', 'test-email-key'));
    expect(request.emailHash).not.toBe(emailHash('ada.lovelace@example.com', 'another-key'));
    expect(request.emailHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('starts the audit trail with a received event from upstream, as a valid chain', async () => {
    const { request } = await submitRequest(erasure(), 'msg_1', deps);
    expect(request.events).toHaveLength(1);
    expect(request.events[0]).toMatchObject({
      at: '2026-03-10T12:00:00.000Z',
      type: 'received',
      actor: 'upstream',
    });
    expect(verifyChain(request.events)).toEqual({ valid: true });
  });

  it('sends one queue message per pending task', async () => {
    await submitRequest(erasure(), 'msg_1', deps);
    expect(queue.messages()).toHaveLength(2);
    expect(queue.messages()).toEqual(
      expect.arrayContaining([
        { requestId: 'req-1', integration: 'auth0' },
        { requestId: 'req-1', integration: 'stripe' },
      ]),
    );
  });

  it('defaults to every enabled integration', async () => {
    const { request } = await submitRequest(erasure({ integrations: undefined }), 'msg_1', deps);
    expect(Object.keys(request.tasks).sort()).toEqual(['auth0', 'partner:acme', 'stripe']);
    expect(queue.messages()).toHaveLength(3);
  });

  it('makes one task of an integration named twice', async () => {
    const { request } = await submitRequest(
      erasure({ integrations: ['auth0', 'auth0'] }),
      'msg_1',
      deps,
    );
    expect(Object.keys(request.tasks)).toEqual(['auth0']);
    expect(queue.messages()).toEqual([{ requestId: 'req-1', integration: 'auth0' }]);
  });
});

describe('submitRequest: a request type an integration does not support', () => {
  it('makes that task not_applicable at once, with a reason and an event, and sends it nothing', async () => {
    const { request } = await submitRequest(
      erasure({ type: 'restriction', integrations: ['auth0', 'stripe'] }),
      'msg_1',
      deps,
    );
    expect(request.tasks.stripe).toMatchObject({ status: 'not_applicable', attempts: 0 });
    expect(request.tasks.stripe?.reason).toMatch(/restriction/);
    expect(request.tasks.stripe?.pickupBy).toBeUndefined();
    expect(request.tasks.auth0?.status).toBe('pending');
    expect(request.status).toBe('in_progress');
    expect(queue.messages()).toEqual([{ requestId: 'req-1', integration: 'auth0' }]);
    expect(request.events.map((event) => [event.type, event.integration])).toEqual([
      ['received', undefined],
      ['not_applicable', 'stripe'],
    ]);
    expect(verifyChain(request.events).valid).toBe(true);
  });

  it('completes the request at once when no task applies', async () => {
    const { outcome, request } = await submitRequest(
      erasure({ type: 'restriction', integrations: ['stripe'] }),
      'msg_1',
      deps,
    );
    expect(outcome).toBe('accepted');
    expect(request.status).toBe('completed');
    expect(request.completedAt).toBe('2026-03-10T12:00:00.000Z');
    expect(store.peek('req-1')?.status).toBe('completed');
    expect(queue.sent).toHaveLength(0);
  });
});

describe('submitRequest: repeats and conflicts', () => {
  it('answers a repeat of the same id and body with the stored request, sending nothing new', async () => {
    const first = await submitRequest(erasure(), 'msg_1', deps);
    clock.advance(60_000);

    const again = await submitRequest(erasure(), 'msg_2', deps);

    expect(again.outcome).toBe('repeat');
    expect(again.request).toEqual(first.request);
    expect(queue.sent).toHaveLength(2);
    expect(store.peek('req-1')).toEqual(first.request);
  });

  it('treats an upstream redelivery (same webhook-id, same body) as a repeat', async () => {
    await submitRequest(erasure(), 'msg_1', deps);
    const again = await submitRequest(erasure(), 'msg_1', deps);
    expect(again.outcome).toBe('repeat');
    expect(queue.sent).toHaveLength(2);
  });

  it('sees the same body in another key order as the same body', async () => {
    await submitRequest(erasure(), 'msg_1', deps);
    const reordered: SubmittedRequest = {
      requestedAt: '2026-01-31T09:00:00.000Z',
      integrations: ['auth0', 'stripe'],
      subject: { ids: { stripe: 'cus_Q1abc', auth0: 'auth0|65f0a1b2' }, email: 'ada@example.com' },
      type: 'erasure',
      id: 'req-1',
    };
    expect(fingerprint(reordered)).toBe(fingerprint(erasure()));
    expect((await submitRequest(reordered, 'msg_2', deps)).outcome).toBe('repeat');
  });

  it('refuses the same id with a different body, changing nothing', async () => {
    const first = await submitRequest(erasure(), 'msg_1', deps);

    await expect(
      submitRequest(erasure({ subject: { email: 'grace@example.com' } }), 'msg_2', deps),
    ).rejects.toBeInstanceOf(RequestConflict);

    expect(store.peek('req-1')).toEqual(first.request);
    expect(queue.sent).toHaveLength(2);
  });

  it('refuses a webhook-id seen before with a different body, storing nothing', async () => {
    await submitRequest(erasure(), 'msg_1', deps);

    await expect(
      submitRequest(erasure({ id: 'req-2', type: 'restriction' }), 'msg_1', deps),
    ).rejects.toBeInstanceOf(RequestConflict);

    expect(store.peek('req-2')).toBeUndefined();
    expect(store.requestCount()).toBe(1);
    expect(queue.sent).toHaveLength(2);
  });

  it('refuses a webhook-id seen before with a different body for the same request id', async () => {
    await submitRequest(erasure(), 'msg_1', deps);
    await expect(
      submitRequest(erasure({ requestedAt: '2026-02-01T00:00:00.000Z' }), 'msg_1', deps),
    ).rejects.toBeInstanceOf(RequestConflict);
  });
});

describe('submitRequest: an integration that is not enabled', () => {
  const withGithub = () => erasure({ integrations: ['auth0', 'github'] });

  it('is refused as unprocessable, naming the integration', async () => {
    const refusal = submitRequest(withGithub(), 'msg_1', deps);
    await expect(refusal).rejects.toBeInstanceOf(UnprocessableRequest);
    await expect(refusal).rejects.toMatchObject({
      errors: [{ path: 'integrations', message: 'github is not enabled' }],
    });
  });

  it('stores no request and sends no message', async () => {
    await expect(submitRequest(withGithub(), 'msg_1', deps)).rejects.toThrow();
    expect(store.requestCount()).toBe(0);
    expect(store.writes).toBe(0);
    expect(queue.sent).toHaveLength(0);
  });

  it('does not remember the refused delivery: contract.md says nothing is stored', async () => {
    await expect(submitRequest(withGithub(), 'msg_1', deps)).rejects.toThrow();
    expect(store.hasDelivery('msg_1')).toBe(false);
  });
});
