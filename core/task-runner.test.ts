import { beforeEach, describe, expect, it } from 'vitest';
import { recordAck } from './acknowledge.ts';
import { verifyChain } from './audit.ts';
import { RequestConflict } from './errors.ts';
import { submitRequest } from './intake.ts';
import type { DsrRequest, Task } from './model.ts';
import { redriveIntegration } from './operations.ts';
import type { TaskMessage } from './ports.ts';
import { hashAckToken, type PerformedAction, runTask, type TaskRunnerDeps } from './task-runner.ts';
import {
  FakeActionPerformer,
  FakeClock,
  FakeQueue,
  InMemoryRequestStore,
  makeRequest,
  makeTask,
} from './testing/fakes.ts';
import type { VendorExchange } from './vendor-call.ts';

const START = '2026-03-10T12:00:00.000Z';
const SECOND = 1000;
const LEASE_MS = 60 * SECOND;
const PICKUP_GRACE_MS = 90 * SECOND;

let store: InMemoryRequestStore;
let clock: FakeClock;
let performer: FakeActionPerformer;
let deps: TaskRunnerDeps;

function setUp(options: { schedule?: number[]; ackIntegrations?: string[] } = {}) {
  store = new InMemoryRequestStore();
  clock = new FakeClock(START);
  performer = new FakeActionPerformer(new Set(options.ackIntegrations ?? []));
  deps = {
    store,
    clock,
    performer,
    retrySchedule: options.schedule ?? [5, 300],
    leaseMs: LEASE_MS,
    pickupGraceMs: PICKUP_GRACE_MS,
    publicUrl: 'https://hub.example',
    owner: 'worker-1',
    random: () => 0,
  };
}

beforeEach(() => setUp());

/** A request as intake creates it, with one pending task per integration. */
async function submitted(integrations: string[] = ['stripe']): Promise<DsrRequest> {
  const { request } = await submitRequest(
    {
      id: 'req-1',
      type: 'erasure',
      subject: { email: 'ada@example.com', ids: { stripe: 'cus_Q1abcdef' } },
      integrations,
    },
    'msg_1',
    {
      store,
      queue: new FakeQueue(),
      clock,
      enabled: new Map(integrations.map((name) => [name, { name, supports: ['erasure'] }])),
      emailHashKey: 'key',
      pickupGraceMs: PICKUP_GRACE_MS,
    },
  );
  return request;
}

const message = (integration = 'stripe'): TaskMessage => ({ requestId: 'req-1', integration });
const stored = () => store.peek('req-1') as DsrRequest;
const task = (integration = 'stripe') => stored().tasks[integration] as Task;
const iso = (ms: number) => new Date(ms).toISOString();
const startPlus = (ms: number) => iso(Date.parse(START) + ms);

const exchange = (method: string, status?: number, error?: string): VendorExchange => ({
  method,
  path: '/v1/customers/cus_Q1ab…',
  ...(status === undefined ? {} : { status }),
  ...(error === undefined ? {} : { error }),
});

const acknowledged = (verification?: PerformedAction['verification']): PerformedAction => ({
  outcome: { kind: 'acknowledged', evidence: { vendorStatus: 200, detail: 'customer deleted' } },
  exchanges: [exchange('DELETE', 200)],
  ...(verification ? { verification } : {}),
});

const serverError = (): PerformedAction => ({
  outcome: { kind: 'retry', error: '503 Service Unavailable', vendorStatus: 503 },
  exchanges: [exchange('DELETE', 503)],
});

const rateLimited = (retryAfterMs?: number): PerformedAction => ({
  outcome: {
    kind: 'retry',
    error: '429 rate limited',
    vendorStatus: 429,
    rateLimited: true,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  },
  exchanges: [exchange('DELETE', 429)],
});

const refused = (): PerformedAction => ({
  outcome: { kind: 'failed', error: '401 invalid API key', vendorStatus: 401 },
  exchanges: [exchange('DELETE', 401)],
});

const types = (request: DsrRequest) => request.events.map((event) => event.type);

describe('runTask: acknowledged', () => {
  it('acknowledges the task with the vendor evidence and the read-back verification', async () => {
    await submitted();
    performer.answer(acknowledged({ kind: 'verified', detail: 'GET returned 404' }));
    clock.advance(2 * SECOND);

    expect(await runTask(message(), deps)).toEqual({ kind: 'done' });

    expect(task()).toMatchObject({
      status: 'acknowledged',
      attempts: 1,
      acknowledgedAt: startPlus(2 * SECOND),
      evidence: {
        vendorStatus: 200,
        detail: 'customer deleted',
        verification: 'verified',
        verificationDetail: 'GET returned 404',
      },
    });
    expect(task().lease).toBeUndefined();
    expect(task().pickupBy).toBeUndefined();
    expect(performer.calls).toHaveLength(1);
  });

  it('records an unverifiable read-back with its reason', async () => {
    await submitted();
    performer.answer(acknowledged({ kind: 'unverifiable', reason: 'no read-back API' }));
    await runTask(message(), deps);
    expect(task().evidence).toMatchObject({
      verification: 'unverifiable',
      verificationDetail: 'no read-back API',
    });
  });

  it('leaves verification absent when nothing was checked', async () => {
    await submitted();
    performer.answer(acknowledged());
    await runTask(message(), deps);
    expect(task().status).toBe('acknowledged');
    expect(task().evidence?.verification).toBeUndefined();
  });

  it('completes the request, with completedAt, when its last task is acknowledged', async () => {
    await submitted();
    performer.answer(acknowledged({ kind: 'verified', detail: 'gone' }));
    clock.advance(3 * SECOND);
    await runTask(message(), deps);
    expect(stored().status).toBe('completed');
    expect(stored().completedAt).toBe(startPlus(3 * SECOND));
  });

  it('leaves the request in progress while another task is open', async () => {
    await submitted(['stripe', 'auth0']);
    performer.answer(acknowledged());
    await runTask(message('stripe'), deps);
    expect(stored().status).toBe('in_progress');
    expect(stored().completedAt).toBeUndefined();
  });

  it('retries instead when the read-back finds the data still present', async () => {
    await submitted();
    performer.answer(acknowledged({ kind: 'still_present', detail: 'customer still listed' }));

    const result = await runTask(message(), deps);

    expect(result).toEqual({ kind: 'later', delayMs: 5 * SECOND });
    expect(task().status).toBe('retrying');
    expect(task().failures).toBe(1);
    expect(task().acknowledgedAt).toBeUndefined();
    expect(task().evidence).toBeUndefined();
    expect(task().lastError).toContain('customer still listed');
    expect(stored().status).toBe('in_progress');
    expect(types(stored())).not.toContain('acknowledged');
  });
});

describe('runTask: retries', () => {
  it('schedules a retryable failure on the schedule and asks for the message later', async () => {
    await submitted();
    performer.answer(serverError());

    const result = await runTask(message(), deps);

    expect(result).toEqual({ kind: 'later', delayMs: 5 * SECOND });
    expect(task()).toMatchObject({
      status: 'retrying',
      attempts: 1,
      failures: 1,
      lastError: '503 Service Unavailable',
      nextAttemptAt: startPlus(5 * SECOND),
      pickupBy: startPlus(5 * SECOND + PICKUP_GRACE_MS),
    });
    expect(task().lease).toBeUndefined();
    const last = stored().events.at(-1);
    expect(last).toMatchObject({
      type: 'retry_scheduled',
      integration: 'stripe',
      vendorStatus: 503,
    });
  });

  it('takes the next entry of the schedule on the next failure', async () => {
    await submitted();
    performer.answer(serverError(), serverError());
    await runTask(message(), deps);
    clock.advance(5 * SECOND);

    const result = await runTask(message(), deps);

    expect(result).toEqual({ kind: 'later', delayMs: 300 * SECOND });
    expect(task()).toMatchObject({
      attempts: 2,
      failures: 2,
      nextAttemptAt: startPlus(305 * SECOND),
    });
  });

  it('fails the task when the schedule is used up', async () => {
    await submitted();
    performer.answer(serverError(), serverError(), serverError());
    await runTask(message(), deps);
    clock.advance(5 * SECOND);
    await runTask(message(), deps);
    clock.advance(300 * SECOND);

    expect(await runTask(message(), deps)).toEqual({ kind: 'done' });

    expect(task()).toMatchObject({ status: 'failed', attempts: 3, failures: 3 });
    expect(task().lastError).toMatch(/retries used up.*503 Service Unavailable/);
    expect(task().pickupBy).toBeUndefined();
    expect(stored().status).toBe('needs_attention');
    expect(stored().events.at(-1)).toMatchObject({ type: 'failed', vendorStatus: 503 });
  });

  it('fails the task at once on a permanent failure', async () => {
    await submitted();
    performer.answer(refused());

    expect(await runTask(message(), deps)).toEqual({ kind: 'done' });

    expect(task()).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: '401 invalid API key',
    });
    expect(task().nextAttemptAt).toBeUndefined();
    expect(stored().status).toBe('needs_attention');
    expect(types(stored())).toEqual(['received', 'attempt', 'failed']);
  });

  it('does not use up the schedule on rate limits', async () => {
    setUp({ schedule: [5] });
    await submitted();
    performer.answer(
      rateLimited(2 * SECOND),
      rateLimited(),
      rateLimited(),
      serverError(),
      rateLimited(),
      serverError(),
    );

    // Three rate limits in a row, then a 503: the 503 is the first failure and
    // still gets the single entry of the schedule.
    for (let i = 0; i < 4; i++) {
      const result = await runTask(message(), deps);
      expect(result.kind, `run ${i + 1}`).toBe('later');
      expect(task().status).toBe('retrying');
      clock.set(task().nextAttemptAt as string);
    }
    expect(task()).toMatchObject({ attempts: 4, failures: 1, throttles: 0 });

    // Another rate limit still does not count...
    await runTask(message(), deps);
    expect(task()).toMatchObject({ status: 'retrying', failures: 1, throttles: 1 });
    clock.set(task().nextAttemptAt as string);
    // ...but the second real failure uses the schedule up.
    await runTask(message(), deps);
    expect(task()).toMatchObject({ status: 'failed', attempts: 6, failures: 2 });
  });

  it('waits for the vendor hint on a rate limit and backs off without one', async () => {
    await submitted();
    performer.answer(rateLimited(30 * SECOND), rateLimited(), rateLimited());

    expect(await runTask(message(), deps)).toEqual({ kind: 'later', delayMs: 30_100 });
    expect(task().throttles).toBe(1);
    clock.set(task().nextAttemptAt as string);
    expect(await runTask(message(), deps)).toEqual({ kind: 'later', delayMs: 2 * SECOND });
    clock.set(task().nextAttemptAt as string);
    expect(await runTask(message(), deps)).toEqual({ kind: 'later', delayMs: 4 * SECOND });
    expect(task().throttles).toBe(3);
  });
});

describe('runTask: when not to perform', () => {
  it('does not perform a task another worker holds a lease on, and asks again after the lease', async () => {
    store.seed(
      makeRequest('req-1', [
        makeTask('stripe', {
          attempts: 1,
          lease: { owner: 'worker-2', until: startPlus(40 * SECOND) },
        }),
      ]),
    );
    clock.set(START);

    expect(await runTask(message(), deps)).toEqual({ kind: 'later', delayMs: 40 * SECOND });

    expect(performer.calls).toHaveLength(0);
    expect(task().attempts).toBe(1);
    expect(task().lease?.owner).toBe('worker-2');
    expect(store.writes).toBe(0);
  });

  it('performs a task whose lease has expired (its worker died)', async () => {
    store.seed(
      makeRequest('req-1', [
        makeTask('stripe', {
          attempts: 1,
          lease: { owner: 'worker-2', until: startPlus(-1) },
        }),
      ]),
    );
    clock.set(START);
    performer.answer(acknowledged());

    expect(await runTask(message(), deps)).toEqual({ kind: 'done' });
    expect(performer.calls).toHaveLength(1);
    expect(task()).toMatchObject({ status: 'acknowledged', attempts: 2 });
  });

  it.each(['acknowledged', 'not_applicable', 'failed', 'awaiting_ack'] as const)(
    'does not perform a task that is %s again, and drops the message',
    async (status) => {
      store.seed(makeRequest('req-1', [makeTask('stripe', { status, attempts: 1 })]));

      expect(await runTask(message(), deps)).toEqual({ kind: 'done' });

      expect(performer.calls).toHaveLength(0);
      expect(task()).toEqual(makeTask('stripe', { status, attempts: 1 }));
      expect(store.writes).toBe(0);
    },
  );

  it('holds back a message that comes before the task is due', async () => {
    store.seed(
      makeRequest('req-1', [
        makeTask('stripe', {
          status: 'retrying',
          attempts: 1,
          failures: 1,
          nextAttemptAt: startPlus(120 * SECOND),
        }),
      ]),
    );

    expect(await runTask(message(), deps)).toEqual({ kind: 'later', delayMs: 120 * SECOND });
    expect(performer.calls).toHaveLength(0);
    expect(task().attempts).toBe(1);
  });

  it('runs a message that comes within a second of the due time', async () => {
    store.seed(
      makeRequest('req-1', [
        makeTask('stripe', {
          status: 'retrying',
          attempts: 1,
          failures: 1,
          nextAttemptAt: startPlus(900),
        }),
      ]),
    );
    performer.answer(acknowledged());
    expect(await runTask(message(), deps)).toEqual({ kind: 'done' });
    expect(performer.calls).toHaveLength(1);
  });

  it('drops a message for an unknown request or integration', async () => {
    await submitted();
    expect(await runTask({ requestId: 'nope', integration: 'stripe' }, deps)).toEqual({
      kind: 'done',
    });
    expect(await runTask(message('auth0'), deps)).toEqual({ kind: 'done' });
    expect(performer.calls).toHaveLength(0);
  });

  it('holds back a duplicate message that arrives while the task runs elsewhere', async () => {
    await submitted();
    let duplicate: unknown;
    performer.answer(async () => {
      // While worker-1 talks to the vendor, the queue hands the same message to worker-2.
      duplicate = await runTask(message(), { ...deps, owner: 'worker-2' });
      return acknowledged();
    });

    await runTask(message(), deps);

    expect(duplicate).toEqual({ kind: 'later', delayMs: LEASE_MS });
    expect(performer.calls).toHaveLength(1);
    expect(task()).toMatchObject({ status: 'acknowledged', attempts: 1 });
  });
});

describe('runTask: effects of earlier attempts', () => {
  it('acknowledges a not_applicable answer after an earlier attempt confirmed a DELETE', async () => {
    await submitted();
    performer.answer(
      {
        // The DELETE went through, but the read-back timed out.
        outcome: { kind: 'retry', error: 'read-back timed out' },
        exchanges: [exchange('DELETE', 200), exchange('GET', undefined, 'TimeoutError')],
      },
      {
        outcome: { kind: 'not_applicable', reason: 'no customer with that id' },
        exchanges: [exchange('GET', 404)],
      },
    );
    await runTask(message(), deps);
    expect(task().effects).toEqual(['DELETE /v1/customers/cus_Q1ab… 200']);
    clock.set(task().nextAttemptAt as string);

    expect(await runTask(message(), deps)).toEqual({ kind: 'done' });

    expect(task().status).toBe('acknowledged');
    expect(task().evidence?.detail).toBe(
      'done in earlier attempts: DELETE /v1/customers/cus_Q1ab… 200',
    );
    expect(task().reason).toBeUndefined();
    expect(stored().status).toBe('completed');
    expect(types(stored()).slice(-2)).toEqual(['attempt', 'acknowledged']);
  });

  it('keeps not_applicable when no earlier attempt changed anything', async () => {
    await submitted();
    performer.answer(serverError(), {
      outcome: { kind: 'not_applicable', reason: 'no customer with that id' },
      exchanges: [exchange('GET', 404)],
    });
    await runTask(message(), deps);
    expect(task().effects).toBeUndefined();
    clock.set(task().nextAttemptAt as string);
    await runTask(message(), deps);

    expect(task()).toMatchObject({ status: 'not_applicable', reason: 'no customer with that id' });
    expect(types(stored()).at(-1)).toBe('not_applicable');
  });
});

describe('runTask: the audit trail', () => {
  it('records every attempt with the vendor status, as a valid hash chain', async () => {
    await submitted();
    performer.answer(serverError(), acknowledged({ kind: 'verified', detail: 'gone' }));
    await runTask(message(), deps);
    clock.set(task().nextAttemptAt as string);
    await runTask(message(), deps);

    const events = stored().events;
    expect(events.map((e) => [e.type, e.vendorStatus])).toEqual([
      ['received', undefined],
      ['attempt', 503],
      ['retry_scheduled', 503],
      ['attempt', 200],
      ['acknowledged', 200],
    ]);
    expect(events.slice(1).every((e) => e.integration === 'stripe' && e.actor === 'system')).toBe(
      true,
    );
    expect(events[3]?.at).toBe(startPlus(5 * SECOND));
    expect(verifyChain(events)).toEqual({ valid: true });
  });

  it('records an attempt even when no vendor call was made', async () => {
    await submitted();
    performer.answer({
      outcome: { kind: 'failed', error: 'no credentials' },
      exchanges: [],
    });
    await runTask(message(), deps);
    expect(stored().events.map((e) => [e.type, e.detail])).toEqual([
      ['received', expect.any(String)],
      ['attempt', 'no vendor call'],
      ['failed', 'no credentials'],
    ]);
  });

  it('keeps the outcome of a run when another writer changed the request meanwhile', async () => {
    await submitted(['stripe', 'auth0']);
    performer.answer(() => {
      // Another worker settles auth0 just before stripe's outcome is written.
      store.beforeNextReplace = () =>
        store.mutate('req-1', (request) => {
          (request.tasks.auth0 as Task).status = 'acknowledged';
        });
      return acknowledged();
    });

    await runTask(message('stripe'), deps);

    expect(store.conflicts).toBe(1);

    expect(task('stripe').status).toBe('acknowledged');
    expect(task('auth0').status).toBe('acknowledged');
    expect(stored().status).toBe('completed');
  });
});

describe('runTask: tasks that wait for an acknowledgement', () => {
  const PARTNER = 'partner:acme';
  const notified = (): PerformedAction => ({
    outcome: { kind: 'awaiting_ack', evidence: { vendorStatus: 202, detail: 'partner notified' } },
    exchanges: [{ method: 'POST', path: '/dsr', status: 202 }],
  });
  const partnerDown = (): PerformedAction => ({
    outcome: { kind: 'retry', error: '502 Bad Gateway', vendorStatus: 502 },
    exchanges: [{ method: 'POST', path: '/dsr', status: 502 }],
  });

  beforeEach(() => setUp({ ackIntegrations: [PARTNER] }));

  it('sends an ack link whose token is indexed and stored hashed on the task', async () => {
    await submitted([PARTNER]);
    performer.answer(notified());

    expect(await runTask(message(PARTNER), deps)).toEqual({ kind: 'done' });

    const ackUrl = performer.calls[0]?.ackUrl as string;
    expect(ackUrl).toMatch(/^https:\/\/hub\.example\/v1\/acks\/[^/]+$/);
    const token = ackUrl.split('/').at(-1) as string;
    expect(task(PARTNER)).toMatchObject({
      status: 'awaiting_ack',
      ackTokenHash: hashAckToken(token),
      evidence: { detail: 'partner notified' },
    });
    expect(JSON.stringify(stored())).not.toContain(token);
    expect(await store.findAckToken(hashAckToken(token))).toEqual({
      requestId: 'req-1',
      integration: PARTNER,
    });
    expect(stored().status).toBe('in_progress');
  });

  it('sends no ack link to an integration that needs none', async () => {
    await submitted(['stripe']);
    performer.answer(acknowledged());
    await runTask(message('stripe'), deps);
    expect(performer.calls[0]?.ackUrl).toBeUndefined();
    expect(task('stripe').ackTokenHash).toBeUndefined();
  });

  it('keeps the same ack link across the attempts of one generation', async () => {
    await submitted([PARTNER]);
    performer.answer(partnerDown(), notified());
    await runTask(message(PARTNER), deps);
    clock.set(task(PARTNER).nextAttemptAt as string);
    await runTask(message(PARTNER), deps);

    expect(performer.tokenRequests.map((r) => r.generation)).toEqual([0, 0]);
    const [first, second] = performer.calls.map((call) => call.ackUrl);
    expect(first).toBeDefined();
    expect(second).toBe(first);
  });

  it('issues a new link for a new generation, and the old one stops working', async () => {
    await submitted([PARTNER]);
    performer.answer(notified(), notified());
    await runTask(message(PARTNER), deps);
    const oldToken = performer.calls[0]?.ackUrl?.split('/').at(-1) as string;
    // Ops redrives the task: it is pending again, one generation on.
    store.mutate('req-1', (request) => {
      Object.assign(request.tasks[PARTNER] as Task, { status: 'pending', ackGeneration: 1 });
    });

    await runTask(message(PARTNER), deps);

    expect(performer.tokenRequests.at(-1)?.generation).toBe(1);
    const newToken = performer.calls[1]?.ackUrl?.split('/').at(-1) as string;
    expect(newToken).not.toBe(oldToken);
    expect(task(PARTNER).ackTokenHash).toBe(hashAckToken(newToken));
    await expect(recordAck(oldToken, { status: 'completed' }, { store, clock })).rejects.toThrow(
      RequestConflict,
    );
    await recordAck(newToken, { status: 'completed' }, { store, clock });
    expect(task(PARTNER).status).toBe('acknowledged');
  });
});

describe('runTask: a recipient that is gone for good', () => {
  const PARTNER = 'partner:gone';
  const gone = (): PerformedAction => ({
    outcome: { kind: 'failed', error: 'partner endpoint gone', vendorStatus: 410, disable: true },
    exchanges: [{ method: 'POST', path: '/dsr', status: 410 }],
  });

  beforeEach(() => setUp({ ackIntegrations: [PARTNER] }));

  it('is switched off after a 410, and later tasks fail without calling it', async () => {
    await submitted([PARTNER]);
    performer.answer(gone());
    await runTask(message(PARTNER), deps);
    expect(task(PARTNER).status).toBe('failed');
    expect(await store.integrationDisabled(PARTNER)).toMatchObject({
      reason: 'partner endpoint gone',
    });

    await submitRequest(
      {
        id: 'req-2',
        type: 'erasure',
        subject: { email: 'b@example.com' },
        integrations: [PARTNER],
      },
      'msg-2',
      {
        ...deps,
        queue: new FakeQueue(),
        enabled: new Map([[PARTNER, { name: PARTNER, supports: ['erasure'] }]]),
        emailHashKey: 'k',
        pickupGraceMs: 1000,
      },
    );
    const callsBefore = performer.calls.length;
    await runTask({ requestId: 'req-2', integration: PARTNER }, deps);
    expect(performer.calls.length).toBe(callsBefore);
    const second = await store.get('req-2');
    expect(second?.tasks[PARTNER]?.status).toBe('failed');
    expect(second?.tasks[PARTNER]?.lastError).toContain('disabled');
  });

  it('is switched back on by a redrive', async () => {
    await submitted([PARTNER]);
    performer.answer(gone());
    await runTask(message(PARTNER), deps);
    const redriven = await redriveIntegration(PARTNER, {
      ...deps,
      queue: new FakeQueue(),
      pickupGraceMs: 1000,
    });
    expect(redriven).toBe(1);
    expect(await store.integrationDisabled(PARTNER)).toBeUndefined();
  });
});

describe('runTask: a worker that dies after the vendor confirmed', () => {
  it('keeps the confirmed change at once, so the rerun acknowledges it instead of finding nothing', async () => {
    await submitted(['stripe']);
    const dying: TaskRunnerDeps['performer'] = {
      needsAck: () => false,
      ackToken: () => 'unused',
      async perform(_request, _integration, _ackUrl, onConfirmedChange) {
        await onConfirmedChange?.({ method: 'DELETE', path: '/v1/customers/cus_ab…', status: 200 });
        throw new Error('process killed before the outcome was written');
      },
    };
    await expect(runTask(message('stripe'), { ...deps, performer: dying })).rejects.toThrow(
      'killed',
    );
    expect(task('stripe').effects).toEqual(['DELETE /v1/customers/cus_ab… 200']);

    clock.advance(LEASE_MS + SECOND);
    performer.answer({
      outcome: { kind: 'not_applicable', reason: 'no Stripe customer with this email' },
      exchanges: [{ method: 'GET', path: '/v1/customers', status: 200 }],
    });
    await runTask(message('stripe'), { ...deps, owner: 'worker-2' });

    expect(task('stripe').status).toBe('acknowledged');
    expect(task('stripe').evidence?.detail).toContain('DELETE /v1/customers/cus_ab… 200');
  });

  it('does not keep a change for a worker that lost its lease', async () => {
    await submitted(['stripe']);
    const late: TaskRunnerDeps['performer'] = {
      needsAck: () => false,
      ackToken: () => 'unused',
      async perform(_request, _integration, _ackUrl, onConfirmedChange) {
        const stored = await store.get('req-1');
        if (stored?.tasks.stripe?.lease) stored.tasks.stripe.lease.owner = 'someone-else';
        if (stored) await store.replace({ ...stored, version: stored.version + 1 }, stored.version);
        await onConfirmedChange?.({ method: 'DELETE', path: '/v1/customers/cus_ab…', status: 200 });
        return { outcome: { kind: 'retry', error: '500' }, exchanges: [] };
      },
    };
    await runTask(message('stripe'), { ...deps, performer: late });
    expect(task('stripe').effects).toBeUndefined();
  });
});
