import { isDueSoon } from './deadline.ts';
import type { Clock, OpenRequests, RequestStore, WorkQueue } from './ports.ts';
import { settle } from './task-runner.ts';
import { updateRequest } from './update-request.ts';

export interface ReminderPolicy {
  /** Time without an answer before each reminder. */
  everyMs: number;
  /** Reminders before the hub stops nagging and only reports. */
  max: number;
}

/**
 * A partner or person who has not confirmed gets a reminder each `everyMs`, up to
 * `max`: the task goes back to the worker with the same ack link, which re-sends
 * the notification as a new message. When the deadline is under 7 days away and
 * they still have not answered, the silence is reported in the audit trail, once,
 * and counted for the alarms.
 */
export async function remindSilentRecipients(deps: {
  store: RequestStore;
  queue: WorkQueue;
  clock: Clock;
  policy: ReminderPolicy;
  pickupGraceMs: number;
  /** The open requests to look at; by default the store's open index is read. */
  open?: OpenRequests;
}): Promise<{ reminded: number; silentNearDeadline: number }> {
  let reminded = 0;
  let silentNearDeadline = 0;
  for await (const request of deps.open ?? deps.store.listOpen()) {
    for (const task of Object.values(request.tasks)) {
      if (task.status !== 'awaiting_ack' || !task.awaitingSince) continue;
      const now = deps.clock.now();
      const sent = task.reminders ?? 0;
      const waited = now.getTime() - Date.parse(task.awaitingSince);
      const nearDeadline =
        isDueSoon(request.deadline, false, now) || now.toISOString() > request.deadline;
      if (nearDeadline) silentNearDeadline++;
      const remindNow = sent < deps.policy.max && waited >= deps.policy.everyMs * (sent + 1);
      const reportNow = nearDeadline && !task.silenceReportedAt;
      if (!remindNow && !reportNow) continue;
      const updated = await updateRequest(deps.store, request.id, (fresh) => {
        const current = fresh.tasks[task.integration];
        if (current?.status !== 'awaiting_ack' || (current.reminders ?? 0) !== sent)
          return undefined;
        const at = deps.clock.now();
        if (remindNow) {
          current.status = 'pending';
          current.reminders = sent + 1;
          current.pickupBy = new Date(at.getTime() + deps.pickupGraceMs).toISOString();
        }
        if (reportNow) current.silenceReportedAt = at.toISOString();
        const detail = remindNow
          ? `reminder ${sent + 1} of ${deps.policy.max}: no confirmation since ${current.awaitingSince}`
          : `no confirmation since ${current.awaitingSince}; the deadline ${fresh.deadline} is near`;
        return settle(
          fresh,
          [
            {
              at: at.toISOString(),
              type: 'reminder',
              integration: task.integration,
              actor: 'system',
              detail,
            },
          ],
          at,
        );
      });
      if (updated && remindNow) {
        await deps.queue.send({ requestId: request.id, integration: task.integration });
        reminded++;
      }
    }
  }
  return { reminded, silentNearDeadline };
}
