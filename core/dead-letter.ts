import type { Clock, RequestStore, TaskMessage } from './ports.ts';
import { settle } from './task-runner.ts';
import { updateRequest } from './update-request.ts';

/** A message that no worker could finish lands in its DLQ: its task fails, visibly, for ops to redrive. */
export async function failDeadLetteredTask(
  message: TaskMessage,
  receiveCount: number,
  deps: { store: RequestStore; clock: Clock },
): Promise<boolean> {
  const updated = await updateRequest(deps.store, message.requestId, (request) => {
    const task = request.tasks[message.integration];
    if (!task || (task.status !== 'pending' && task.status !== 'retrying')) return undefined;
    const now = deps.clock.now();
    const reason = `message dead-lettered after ${receiveCount} deliveries`;
    task.status = 'failed';
    task.lastError = task.lastError ? `${reason}; last error: ${task.lastError}` : reason;
    task.lease = undefined;
    task.pickupBy = undefined;
    return settle(
      request,
      [
        {
          at: now.toISOString(),
          type: 'failed',
          integration: message.integration,
          actor: 'system',
          detail: reason,
        },
      ],
      now,
    );
  });
  return updated !== undefined;
}
