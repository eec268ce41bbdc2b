import { beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from './audit.ts';
import { failDeadLetteredTask } from './dead-letter.ts';
import type { DsrRequest, TaskStatus } from './model.ts';
import { FakeClock, InMemoryRequestStore, makeRequest, makeTask } from './testing/fakes.ts';

const NOW = '2026-03-10T12:00:00.000Z';
let store: InMemoryRequestStore;
let clock: FakeClock;

beforeEach(() => {
  store = new InMemoryRequestStore();
  clock = new FakeClock(NOW);
});

const message = { requestId: 'req-1', integration: 'stripe' };
const stored = () => store.peek('req-1') as DsrRequest;

describe('failDeadLetteredTask', () => {
  it('fails a pending task with the reason, an event and a request that needs attention', async () => {
    store.seed(
      makeRequest('req-1', [
        makeTask('stripe', {
          attempts: 1,
          pickupBy: '2026-03-10T11:00:00.000Z',
          lease: { owner: 'worker-1', until: '2026-03-10T11:01:00.000Z' },
        }),
        makeTask('auth0', { status: 'acknowledged' }),
      ]),
    );

    expect(await failDeadLetteredTask(message, 5, { store, clock })).toBe(true);

    const task = stored().tasks.stripe;
    expect(task).toMatchObject({
      status: 'failed',
      lastError: 'message dead-lettered after 5 deliveries',
    });
    expect(task?.lease).toBeUndefined();
    expect(task?.pickupBy).toBeUndefined();
    expect(stored().status).toBe('needs_attention');
    expect(stored().events.at(-1)).toMatchObject({
      at: NOW,
      type: 'failed',
      integration: 'stripe',
      actor: 'system',
      detail: 'message dead-lettered after 5 deliveries',
    });
    expect(verifyChain(stored().events)).toEqual({ valid: true });
  });

  it('fails a retrying task and keeps its last error', async () => {
    store.seed(
      makeRequest('req-1', [
        makeTask('stripe', {
          status: 'retrying',
          attempts: 3,
          lastError: '503 Service Unavailable',
          nextAttemptAt: '2026-03-10T12:05:00.000Z',
        }),
      ]),
    );

    expect(await failDeadLetteredTask(message, 3, { store, clock })).toBe(true);

    expect(stored().tasks.stripe).toMatchObject({
      status: 'failed',
      lastError: 'message dead-lettered after 3 deliveries; last error: 503 Service Unavailable',
    });
  });

  it.each(['acknowledged', 'not_applicable', 'awaiting_ack', 'failed'] as TaskStatus[])(
    'leaves a %s task untouched',
    async (status) => {
      const request = makeRequest('req-1', [makeTask('stripe', { status, attempts: 1 })], {
        status: status === 'failed' ? 'needs_attention' : 'in_progress',
      });
      store.seed(request);

      expect(await failDeadLetteredTask(message, 5, { store, clock })).toBe(false);

      expect(stored()).toEqual(request);
      expect(store.writes).toBe(0);
    },
  );

  it('does nothing for an unknown request or integration', async () => {
    store.seed(makeRequest('req-1', [makeTask('auth0')]));
    expect(await failDeadLetteredTask(message, 5, { store, clock })).toBe(false);
    expect(
      await failDeadLetteredTask({ requestId: 'nope', integration: 'stripe' }, 5, { store, clock }),
    ).toBe(false);
    expect(store.writes).toBe(0);
  });
});
