import { beforeEach, describe, expect, it } from 'vitest';
import { recordAck } from './acknowledge.ts';
import { verifyChain } from './audit.ts';
import { RequestConflict, RequestNotFound } from './errors.ts';
import type { DsrRequest, Task } from './model.ts';
import { hashAckToken } from './task-runner.ts';
import { FakeClock, InMemoryRequestStore, makeRequest, makeTask } from './testing/fakes.ts';

const RECEIVED = '2026-03-10T12:00:00.000Z';
const PARTNER = 'partner:acme';
const TOKEN = 'ack-token-generation-0';

let store: InMemoryRequestStore;
let clock: FakeClock;

/** A request whose partner task was notified and waits for the partner's answer. */
async function awaiting(others: Task[] = []) {
  store.seed(
    makeRequest('req-1', [
      makeTask(PARTNER, {
        status: 'awaiting_ack',
        attempts: 1,
        ackTokenHash: hashAckToken(TOKEN),
        evidence: { vendorStatus: 202, detail: 'POST /dsr' },
      }),
      ...others,
    ]),
  );
  await store.saveAckToken(hashAckToken(TOKEN), { requestId: 'req-1', integration: PARTNER });
}

beforeEach(() => {
  store = new InMemoryRequestStore();
  clock = new FakeClock(RECEIVED);
  clock.advance(3_600_000);
});

const stored = () => store.peek('req-1') as DsrRequest;
const ack = () => recordAck(TOKEN, { status: 'completed' }, { store, clock });

describe('recordAck: completed', () => {
  it('acknowledges the task, with an ack_received event from the partner', async () => {
    await awaiting();

    expect(await ack()).toEqual({ requestId: 'req-1', integration: PARTNER });

    const task = stored().tasks[PARTNER];
    expect(task).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: '2026-03-10T13:00:00.000Z',
      evidence: { vendorStatus: 202, verification: 'unverifiable' },
    });
    expect(task?.evidence?.detail).toContain('POST /dsr');
    expect(task?.ackTokenHash).toBeUndefined();
    expect(stored().events.map((e) => [e.type, e.integration, e.actor])).toEqual([
      ['ack_received', PARTNER, PARTNER],
      ['acknowledged', PARTNER, PARTNER],
    ]);
    expect(verifyChain(stored().events)).toEqual({ valid: true });
  });

  it('completes the request when that was the last open task', async () => {
    await awaiting([makeTask('stripe', { status: 'not_applicable' })]);
    await ack();
    expect(stored().status).toBe('completed');
    expect(stored().completedAt).toBe('2026-03-10T13:00:00.000Z');
  });

  it('leaves the request in progress while another task is open', async () => {
    await awaiting([makeTask('stripe', { status: 'retrying' })]);
    await ack();
    expect(stored().status).toBe('in_progress');
  });
});

describe('recordAck: rejected', () => {
  it('fails the task with the reason, for ops', async () => {
    await awaiting();

    await recordAck(TOKEN, { status: 'rejected', reason: 'legal hold' }, { store, clock });

    const task = stored().tasks[PARTNER];
    expect(task?.status).toBe('failed');
    expect(task?.lastError).toContain('legal hold');
    expect(task?.acknowledgedAt).toBeUndefined();
    expect(stored().status).toBe('needs_attention');
    expect(stored().events.map((e) => e.type)).toEqual(['ack_received', 'failed']);
    expect(stored().events[0]?.detail).toContain('legal hold');
  });
});

describe('recordAck: a token used or unknown', () => {
  it('refuses a second use as a conflict and changes nothing', async () => {
    await awaiting();
    await ack();
    const afterFirst = stored();

    await expect(ack()).rejects.toBeInstanceOf(RequestConflict);
    await expect(
      recordAck(TOKEN, { status: 'rejected', reason: 'changed my mind' }, { store, clock }),
    ).rejects.toBeInstanceOf(RequestConflict);

    expect(stored()).toEqual(afterFirst);
  });

  it('answers an unknown token with not found, changing nothing', async () => {
    await awaiting();
    const before = stored();

    await expect(
      recordAck('not-a-token', { status: 'completed' }, { store, clock }),
    ).rejects.toBeInstanceOf(RequestNotFound);

    expect(stored()).toEqual(before);
    expect(store.writes).toBe(0);
  });

  it('refuses a token that a newer one replaced', async () => {
    await awaiting();
    store.mutate('req-1', (request) => {
      (request.tasks[PARTNER] as Task).ackTokenHash = hashAckToken('ack-token-generation-1');
    });
    await expect(ack()).rejects.toBeInstanceOf(RequestConflict);
    expect(stored().tasks[PARTNER]?.status).toBe('awaiting_ack');
  });
});
