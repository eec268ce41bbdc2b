import { RequestConflict, RequestNotFound } from './errors.ts';
import type { Clock, RequestStore } from './ports.ts';
import { hashAckToken, settle } from './task-runner.ts';
import { updateRequest } from './update-request.ts';

export type AckDecision = { status: 'completed' } | { status: 'rejected'; reason: string };

/**
 * A partner or a person answers through their single-use ack link:
 * 1. finds the task by the token's hash (an unknown token is "not found");
 * 2. refuses a token already used, or replaced by a newer one (conflict);
 * 3. records the answer: `completed` acknowledges the task, `rejected` fails it for ops.
 */
export async function recordAck(
  token: string,
  decision: AckDecision,
  deps: { store: RequestStore; clock: Clock },
): Promise<{ requestId: string; integration: string }> {
  const hash = hashAckToken(token);
  const ref = await deps.store.findAckToken(hash);
  if (!ref) throw new RequestNotFound('No task waits for this acknowledgement link');
  let outcome: 'recorded' | 'used' = 'used';
  await updateRequest(deps.store, ref.requestId, (request) => {
    const task = request.tasks[ref.integration];
    const open =
      task?.status === 'awaiting_ack' || task?.status === 'pending' || task?.status === 'retrying';
    if (!task || task.ackTokenHash !== hash || !open) {
      outcome = 'used';
      return undefined;
    }
    const now = deps.clock.now();
    const at = now.toISOString();
    const actor = ref.integration.startsWith('partner:')
      ? ref.integration
      : `person:${ref.integration}`;
    task.ackTokenHash = undefined;
    task.lease = undefined;
    task.pickupBy = undefined;
    task.nextAttemptAt = undefined;
    if (decision.status === 'completed') {
      task.status = 'acknowledged';
      task.acknowledgedAt = at;
      task.lastError = undefined;
      task.evidence = {
        ...task.evidence,
        detail: `${task.evidence?.detail ?? 'notified'}; confirmed through the ack link`,
        verification: 'unverifiable',
        verificationDetail: 'the confirmation of the recipient is the only evidence',
      };
    } else {
      task.status = 'failed';
      task.lastError = `rejected by the recipient: ${decision.reason}`;
    }
    outcome = 'recorded';
    return settle(
      request,
      [
        {
          at,
          type: 'ack_received',
          integration: ref.integration,
          actor,
          detail: decision.status === 'completed' ? 'completed' : `rejected: ${decision.reason}`,
        },
        decision.status === 'completed'
          ? { at, type: 'acknowledged', integration: ref.integration, actor, detail: 'confirmed' }
          : { at, type: 'failed', integration: ref.integration, actor, detail: task.lastError },
      ],
      now,
    );
  });
  if (outcome === 'used') throw new RequestConflict('This acknowledgement link was already used');
  return ref;
}
