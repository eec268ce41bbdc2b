import { beforeEach, describe, expect, it } from 'vitest';
import type { Task } from './model.ts';
import { needsDispatch, type ReconcileDeps, redispatchLostTasks } from './reconcile.ts';
import {
  FakeClock,
  FakeQueue,
  InMemoryRequestStore,
  makeRequest,
  makeTask,
} from './testing/fakes.ts';

const NOW = '2026-03-10T12:00:00.000Z';
const now = new Date(NOW);
const PICKUP_GRACE_MS = 90_000;
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();

describe('needsDispatch', () => {
  it('dispatches a pending task whose pickup time has passed', () => {
    expect(needsDispatch(makeTask('stripe', { pickupBy: at(-1) }), now)).toBe(true);
    expect(needsDispatch(makeTask('stripe', { pickupBy: at(0) }), now)).toBe(true);
  });

  it('leaves a pending task still within its pickup grace', () => {
    expect(needsDispatch(makeTask('stripe', { pickupBy: at(1) }), now)).toBe(false);
  });

  it('dispatches a task nobody is expected to pick up (no pickupBy, no nextAttemptAt)', () => {
    expect(needsDispatch(makeTask('stripe'), now)).toBe(true);
  });

  it('judges a retrying task by its pickup time, which lies past its next attempt', () => {
    const retrying = (pickupBy: string) =>
      makeTask('stripe', { status: 'retrying', nextAttemptAt: at(-60_000), pickupBy });
    expect(needsDispatch(retrying(at(30_000)), now)).toBe(false);
    expect(needsDispatch(retrying(at(-1)), now)).toBe(true);
  });

  it('falls back to the next attempt time when there is no pickup time', () => {
    const retrying = (nextAttemptAt: string) =>
      makeTask('stripe', { status: 'retrying', nextAttemptAt });
    expect(needsDispatch(retrying(at(60_000)), now)).toBe(false);
    expect(needsDispatch(retrying(at(-1)), now)).toBe(true);
  });

  it('leaves a task leased by a worker', () => {
    const leased = makeTask('stripe', {
      pickupBy: at(-60_000),
      lease: { owner: 'worker-1', until: at(1) },
    });
    expect(needsDispatch(leased, now)).toBe(false);
  });

  it('dispatches a task whose lease has expired (its worker died mid-run)', () => {
    const abandoned = makeTask('stripe', {
      attempts: 1,
      lease: { owner: 'worker-1', until: at(-1) },
    });
    expect(needsDispatch(abandoned, now)).toBe(true);
  });

  it.each(['awaiting_ack', 'acknowledged', 'not_applicable', 'failed'] as const)(
    'never dispatches a %s task',
    (status) => {
      expect(needsDispatch(makeTask('stripe', { status, pickupBy: at(-60_000) }), now)).toBe(false);
    },
  );
});

describe('redispatchLostTasks', () => {
  let store: InMemoryRequestStore;
  let queue: FakeQueue;
  let clock: FakeClock;
  let deps: ReconcileDeps;

  beforeEach(() => {
    store = new InMemoryRequestStore();
    queue = new FakeQueue();
    clock = new FakeClock(NOW);
    deps = { store, queue, clock, pickupGraceMs: PICKUP_GRACE_MS };
  });

  const seedOne = (task: Task, id = 'req-1') => store.seed(makeRequest(id, [task]));

  it('re-sends a pending task whose pickup time passed, and sets a new pickup time', async () => {
    seedOne(makeTask('stripe', { pickupBy: at(-1_000) }));

    expect(await redispatchLostTasks(deps)).toEqual({ dispatched: 1 });

    expect(queue.messages()).toEqual([{ requestId: 'req-1', integration: 'stripe' }]);
    expect(store.peek('req-1')?.tasks.stripe?.pickupBy).toBe(at(PICKUP_GRACE_MS));
    expect(store.peek('req-1')?.version).toBe(2);
  });

  it('sends nothing when run again at once', async () => {
    seedOne(makeTask('stripe', { pickupBy: at(-1_000) }));
    await redispatchLostTasks(deps);

    expect(await redispatchLostTasks(deps)).toEqual({ dispatched: 0 });
    expect(queue.sent).toHaveLength(1);
  });

  it('sends again once the new pickup time has passed too', async () => {
    seedOne(makeTask('stripe', { pickupBy: at(-1_000) }));
    await redispatchLostTasks(deps);
    clock.advance(PICKUP_GRACE_MS);

    expect(await redispatchLostTasks(deps)).toEqual({ dispatched: 1 });
    expect(queue.sent).toHaveLength(2);
  });

  it('waits twice as long before each further re-send of a task still not picked up', async () => {
    seedOne(makeTask('stripe', { pickupBy: at(-1_000) }));
    await redispatchLostTasks(deps);
    clock.advance(PICKUP_GRACE_MS);
    await redispatchLostTasks(deps);

    const second = Date.parse(store.peek('req-1')?.tasks.stripe?.pickupBy ?? '');
    expect(second - clock.now().getTime()).toBe(2 * PICKUP_GRACE_MS);
    clock.advance(PICKUP_GRACE_MS);
    expect(await redispatchLostTasks(deps)).toEqual({ dispatched: 0 });
    expect(store.peek('req-1')?.tasks.stripe?.redispatches).toBe(2);
  });

  it('does not send for a task still within its pickup grace', async () => {
    seedOne(makeTask('stripe', { pickupBy: at(30_000) }));
    expect(await redispatchLostTasks(deps)).toEqual({ dispatched: 0 });
    expect(queue.sent).toHaveLength(0);
    expect(store.writes).toBe(0);
  });

  it('does not send for a leased task', async () => {
    seedOne(
      makeTask('stripe', { pickupBy: at(-1_000), lease: { owner: 'worker-1', until: at(5_000) } }),
    );
    expect(await redispatchLostTasks(deps)).toEqual({ dispatched: 0 });
    expect(queue.sent).toHaveLength(0);
  });

  it('clears an expired lease when it re-sends', async () => {
    seedOne(makeTask('stripe', { attempts: 1, lease: { owner: 'worker-1', until: at(-1) } }));
    expect(await redispatchLostTasks(deps)).toEqual({ dispatched: 1 });
    expect(store.peek('req-1')?.tasks.stripe?.lease).toBeUndefined();
  });

  it('does not send for terminal or waiting tasks', async () => {
    store.seed(
      makeRequest('req-1', [
        makeTask('stripe', { status: 'failed', pickupBy: at(-1_000) }),
        makeTask('auth0', { status: 'acknowledged' }),
        makeTask('partner:acme', { status: 'awaiting_ack' }),
      ]),
    );
    store.seed(
      makeRequest('req-2', [makeTask('github', { status: 'not_applicable' })], {
        status: 'completed',
      }),
    );
    expect(await redispatchLostTasks(deps)).toEqual({ dispatched: 0 });
    expect(queue.sent).toHaveLength(0);
  });

  it('sends only the lost tasks of a request, across requests', async () => {
    store.seed(
      makeRequest('req-1', [
        makeTask('stripe', { pickupBy: at(-1_000) }),
        makeTask('auth0', { pickupBy: at(10_000) }),
      ]),
    );
    store.seed(
      makeRequest('req-2', [
        makeTask('github', { status: 'retrying', nextAttemptAt: at(-5_000), pickupBy: at(-1) }),
      ]),
    );

    expect(await redispatchLostTasks(deps)).toEqual({ dispatched: 2 });

    expect(queue.messages()).toEqual(
      expect.arrayContaining([
        { requestId: 'req-1', integration: 'stripe' },
        { requestId: 'req-2', integration: 'github' },
      ]),
    );
    expect(store.peek('req-1')?.tasks.auth0?.pickupBy).toBe(at(10_000));
  });

  it('does not send when a worker took the task between the listing and the write', async () => {
    seedOne(makeTask('stripe', { pickupBy: at(-1_000) }));
    store.beforeNextReplace = () =>
      store.mutate('req-1', (request) => {
        Object.assign(request.tasks.stripe as Task, {
          attempts: 1,
          pickupBy: undefined,
          lease: { owner: 'worker-1', until: at(60_000) },
        });
      });

    expect(await redispatchLostTasks(deps)).toEqual({ dispatched: 0 });

    expect(store.conflicts).toBe(1);
    expect(queue.sent).toHaveLength(0);
    expect(store.peek('req-1')?.tasks.stripe?.lease?.owner).toBe('worker-1');
  });
});
