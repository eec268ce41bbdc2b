import { chainEvents, type NewAuditEvent } from './audit.ts';
import { addMonths } from './deadline.ts';
import { RequestConflict, RequestNotFound, UnprocessableRequest } from './errors.ts';
import type { DsrRequest, Task } from './model.ts';
import type { Clock, RequestStore, WorkQueue } from './ports.ts';
import { settle } from './task-runner.ts';
import { updateRequest } from './update-request.ts';

export interface OperationDeps {
  store: RequestStore;
  queue: WorkQueue;
  clock: Clock;
  pickupGraceMs: number;
}

/** Puts a task back to `pending` for a fresh round of attempts, with a new ack link generation. */
function rearm(task: Task, now: Date, graceMs: number): void {
  task.status = 'pending';
  task.failures = 0;
  task.throttles = 0;
  task.nextAttemptAt = undefined;
  task.lease = undefined;
  task.ackTokenHash = undefined;
  task.ackGeneration = (task.ackGeneration ?? 0) + 1;
  task.pickupBy = new Date(now.getTime() + graceMs).toISOString();
}

const RETRYABLE = new Set<Task['status']>(['failed', 'retrying', 'pending', 'awaiting_ack']);

/**
 * Ops re-runs one task now: any task that has not succeeded. Recorded as a `retry`
 * audit event by ops; the message is sent after the write, and the reconciler
 * re-sends it if that send is lost.
 */
export async function retryTask(
  requestId: string,
  integration: string,
  deps: OperationDeps,
): Promise<DsrRequest> {
  let refused: string | undefined;
  const updated = await updateRequest(deps.store, requestId, (request) => {
    const task = Object.hasOwn(request.tasks, integration) ? request.tasks[integration] : undefined;
    if (!task) {
      refused = `request ${requestId} has no ${integration} task`;
      return undefined;
    }
    if (!RETRYABLE.has(task.status)) {
      refused = `the ${integration} task is ${task.status}; there is nothing to retry`;
      return undefined;
    }
    const now = deps.clock.now();
    rearm(task, now, deps.pickupGraceMs);
    return settle(
      request,
      [
        {
          at: now.toISOString(),
          type: 'retry',
          integration,
          actor: 'ops',
          detail: 're-run by ops',
        },
      ],
      now,
    );
  });
  if (!updated) {
    if (refused?.includes('has no')) throw new RequestNotFound(refused);
    if (refused) throw new RequestConflict(refused);
    throw new RequestNotFound(`no request ${requestId}`);
  }
  await deps.store.setIntegrationDisabled(integration, undefined);
  await deps.queue.send({ requestId, integration });
  return updated;
}

/**
 * Ops re-runs every failed task of one integration (after a vendor outage or a
 * credential fix). Failed tasks live in requests that need attention, which the
 * open index holds.
 */
export async function redriveIntegration(
  integration: string,
  deps: OperationDeps,
): Promise<number> {
  // A redrive is ops saying the recipient is fixed: it switches a disabled one back on.
  await deps.store.setIntegrationDisabled(integration, undefined);
  let redriven = 0;
  for await (const request of deps.store.listOpen()) {
    if (request.tasks[integration]?.status !== 'failed') continue;
    const updated = await updateRequest(deps.store, request.id, (fresh) => {
      const task = fresh.tasks[integration];
      if (task?.status !== 'failed') return undefined;
      const now = deps.clock.now();
      rearm(task, now, deps.pickupGraceMs);
      return settle(
        fresh,
        [
          {
            at: now.toISOString(),
            type: 'redrive',
            integration,
            actor: 'ops',
            detail: 'redriven by ops',
          },
        ],
        now,
      );
    });
    if (!updated) continue;
    await deps.queue.send({ requestId: request.id, integration });
    redriven++;
  }
  return redriven;
}

/**
 * Art. 12(3): the controller may extend the month by up to two further months,
 * once, telling the person why. Recorded as an `extended` audit event by ops.
 */
export async function extendDeadline(
  requestId: string,
  months: number,
  reason: string,
  deps: { store: RequestStore; clock: Clock },
): Promise<DsrRequest> {
  if (!Number.isInteger(months) || months < 1 || months > 2) {
    throw new UnprocessableRequest('An extension is one or two months', [
      { path: 'months', message: 'must be 1 or 2' },
    ]);
  }
  let refused: string | undefined;
  const updated = await updateRequest(deps.store, requestId, (request) => {
    if (request.extension) {
      refused = 'the deadline was already extended once (Art. 12(3))';
      return undefined;
    }
    if (request.status === 'completed') {
      refused = 'the request is completed; there is no deadline left to extend';
      return undefined;
    }
    const now = deps.clock.now();
    const deadline = addMonths(new Date(request.deadline), months).toISOString();
    request.extension = {
      months,
      reason,
      at: now.toISOString(),
      originalDeadline: request.deadline,
    };
    request.deadline = deadline;
    request.overdueSince = undefined;
    request.dueSoonSince = undefined;
    const event: NewAuditEvent = {
      at: now.toISOString(),
      type: 'extended',
      actor: 'ops',
      detail: `deadline extended by ${months} month(s) to ${deadline}: ${reason}`,
    };
    request.events = chainEvents(request.events, [event]);
    return request;
  });
  if (!updated) {
    if (refused) throw new RequestConflict(refused);
    throw new RequestNotFound(`no request ${requestId}`);
  }
  return updated;
}
