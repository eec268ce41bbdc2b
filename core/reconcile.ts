import { chainEvents } from './audit.ts';
import type { Task } from './model.ts';
import type { Clock, OpenRequests, RequestStore, WorkQueue } from './ports.ts';
import { abandonedAttempt } from './task-runner.ts';
import { updateRequest } from './update-request.ts';

/** The longest the reconciler waits for a worker before re-sending a task's message again. */
const MAX_PICKUP_WAIT_MS = 3600 * 1000;

export interface ReconcileDeps {
  /** The open requests to look at; by default the store's open index is read. */
  open?: OpenRequests;
  store: RequestStore;
  queue: WorkQueue;
  clock: Clock;
  pickupGraceMs: number;
}

/**
 * A task is due for a fresh message when it can run, nobody holds it, and no
 * worker picked it up by the time one should have: its message was lost, expired,
 * never sent, or deliberately dropped for a retry beyond SQS's 12-hour reach.
 */
export function needsDispatch(task: Task, now: Date): boolean {
  if (task.status !== 'pending' && task.status !== 'retrying') return false;
  if (task.lease && Date.parse(task.lease.until) > now.getTime()) return false;
  const expectedBy = task.pickupBy ?? task.nextAttemptAt;
  return expectedBy === undefined || Date.parse(expectedBy) <= now.getTime();
}

/**
 * Re-sends the message of every task that should be running and is not. DynamoDB
 * holds the truth, so whatever the queue lost is derived from it again.
 */
export async function redispatchLostTasks(deps: ReconcileDeps): Promise<{ dispatched: number }> {
  let dispatched = 0;
  for await (const request of deps.open ?? deps.store.listOpen()) {
    for (const task of Object.values(request.tasks)) {
      if (!needsDispatch(task, deps.clock.now())) continue;
      const updated = await updateRequest(deps.store, request.id, (fresh) => {
        const now = deps.clock.now();
        const current = fresh.tasks[task.integration];
        if (!current || !needsDispatch(current, now)) return undefined;
        if (current.lease) {
          fresh.events = chainEvents(fresh.events, [abandonedAttempt(current, now)]);
        }
        current.lease = undefined;
        // A task still queued behind a backlog is not lost: each re-send waits twice as long,
        // so a long queue is not flooded with copies every period.
        const redispatches = (current.redispatches ?? 0) + 1;
        const wait = Math.min(deps.pickupGraceMs * 2 ** (redispatches - 1), MAX_PICKUP_WAIT_MS);
        current.redispatches = redispatches;
        current.pickupBy = new Date(now.getTime() + wait).toISOString();
        return fresh;
      });
      if (!updated) continue;
      await deps.queue.send({ requestId: request.id, integration: task.integration });
      dispatched++;
    }
  }
  return { dispatched };
}
