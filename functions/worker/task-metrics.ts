import type { DsrRequest, TaskStatus } from '../../core/model.ts';
import type { RequestStore } from '../../core/ports.ts';
import { recordTaskAttempt, recordTaskOutcome } from '../shared/observability.ts';

/** Where a task's attempts and outcomes are counted; the metrics by default. */
export interface TaskMetricsSink {
  attempt(integration: string): void;
  outcome(integration: string, status: TaskStatus, durationMs: number): void;
}

const emfSink: TaskMetricsSink = { attempt: recordTaskAttempt, outcome: recordTaskOutcome };

/**
 * Wraps the store one task run writes through, and counts from what it writes: the write that
 * gives this worker the task's lease is an attempt; the later write that releases the lease
 * records the outcome, whose status is the one the task runner settled on (so a retry that used
 * up the schedule counts as `failed`). A run that loses its lease, or never claims, counts nothing
 * more. Everything else passes straight through.
 */
export function countTaskRun(
  store: RequestStore,
  task: { integration: string; owner: string },
  sink: TaskMetricsSink = emfSink,
  now: () => number = Date.now,
): RequestStore {
  let claimedAt: number | undefined;

  function observe(written: DsrRequest): void {
    const state = written.tasks[task.integration];
    if (!state) return;
    if (state.lease?.owner === task.owner) {
      if (claimedAt === undefined) {
        claimedAt = now();
        sink.attempt(task.integration);
      }
      return;
    }
    if (claimedAt === undefined || state.lease !== undefined) return;
    sink.outcome(task.integration, state.status, now() - claimedAt);
    claimedAt = undefined;
  }

  return new Proxy(store, {
    get(target, property) {
      if (property === 'replace') {
        return async (request: DsrRequest, expectedVersion: number) => {
          await target.replace(request, expectedVersion);
          observe(request);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
