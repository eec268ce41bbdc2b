import { beforeEach, describe, expect, it } from 'vitest';
import type { TaskStatus } from '../../core/model.ts';
import { type PerformedAction, runTask, type TaskRunnerDeps } from '../../core/task-runner.ts';
import {
  FakeActionPerformer,
  FakeClock,
  InMemoryRequestStore,
  makeRequest,
  makeTask,
} from '../../core/testing/fakes.ts';
import { countTaskRun, type TaskMetricsSink } from './task-metrics.ts';

type Counted =
  | { kind: 'attempt'; integration: string }
  | { kind: 'outcome'; integration: string; status: TaskStatus; durationMs: number };

const OWNER = 'invocation-1/message-1/x';

let store: InMemoryRequestStore;
let clock: FakeClock;
let performer: FakeActionPerformer;
let counted: Counted[];
let elapsed: number;

const sink: TaskMetricsSink = {
  attempt: (integration) => counted.push({ kind: 'attempt', integration }),
  outcome: (integration, status, durationMs) =>
    counted.push({ kind: 'outcome', integration, status, durationMs }),
};

function deps(schedule: number[] = [5, 300]): TaskRunnerDeps {
  return {
    store: countTaskRun(store, { integration: 'stripe', owner: OWNER }, sink, () => elapsed),
    clock,
    performer,
    retrySchedule: schedule,
    leaseMs: 60_000,
    pickupGraceMs: 90_000,
    publicUrl: 'https://hub.example',
    owner: OWNER,
    random: () => 0,
  };
}

const message = { requestId: 'req-1', integration: 'stripe' };

/** A performer answer that takes `ms` of the worker's time. */
const after = (ms: number, answer: PerformedAction) => (): PerformedAction => {
  elapsed += ms;
  return answer;
};

const acknowledged: PerformedAction = {
  outcome: { kind: 'acknowledged', evidence: { vendorStatus: 200, detail: 'customer deleted' } },
  exchanges: [{ method: 'DELETE', path: '/v1/customers/cus_…', status: 200 }],
};
const unavailable: PerformedAction = {
  outcome: { kind: 'retry', error: '503 Service Unavailable', vendorStatus: 503 },
  exchanges: [{ method: 'DELETE', path: '/v1/customers/cus_…', status: 503 }],
};

beforeEach(() => {
  store = new InMemoryRequestStore();
  clock = new FakeClock('2026-03-10T12:00:00.000Z');
  performer = new FakeActionPerformer();
  counted = [];
  elapsed = 1_000;
  store.seed(makeRequest('req-1', [makeTask('stripe')]));
});

describe('countTaskRun', () => {
  it('counts one attempt and the acknowledgement, with the time the task was held', async () => {
    performer.answer(after(250, acknowledged));
    await runTask(message, deps());
    expect(counted).toEqual([
      { kind: 'attempt', integration: 'stripe' },
      { kind: 'outcome', integration: 'stripe', status: 'acknowledged', durationMs: 250 },
    ]);
  });

  it('counts a retry as retrying, and the retry that uses up the schedule as failed', async () => {
    performer.answer(unavailable, unavailable);
    const run = deps([5]);
    await runTask(message, run);
    clock.advance(6_000);
    await runTask(message, run);
    expect(
      counted.filter((entry) => entry.kind === 'outcome').map((entry) => entry.status),
    ).toEqual(['retrying', 'failed']);
    expect(store.peek('req-1')?.tasks.stripe?.status).toBe('failed');
  });

  it('counts nothing for a message that arrives before its task is due', async () => {
    store.seed(
      makeRequest('req-1', [
        makeTask('stripe', { status: 'retrying', nextAttemptAt: '2026-03-10T13:00:00.000Z' }),
      ]),
    );
    await runTask(message, deps());
    expect(counted).toEqual([]);
    expect(performer.calls).toHaveLength(0);
  });

  it('counts the attempt but no outcome when another worker took the task meanwhile', async () => {
    performer.answer(() => {
      store.mutate('req-1', (request) => {
        const task = request.tasks.stripe;
        if (task) task.lease = { owner: 'someone-else', until: '2026-03-10T12:05:00.000Z' };
      });
      return acknowledged;
    });
    await runTask(message, deps());
    expect(counted).toEqual([{ kind: 'attempt', integration: 'stripe' }]);
  });

  it('passes every other store method through to the store', async () => {
    const wrapped = countTaskRun(store, { integration: 'stripe', owner: OWNER }, sink);
    expect((await wrapped.get('req-1'))?.id).toBe('req-1');
    await wrapped.saveAckToken('hash', message);
    expect(await store.findAckToken('hash')).toEqual(message);
  });
});
