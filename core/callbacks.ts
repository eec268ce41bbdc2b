import { chainEvents } from './audit.ts';
import type { DsrRequest } from './model.ts';
import type { Clock, OpenRequests, RequestStore } from './ports.ts';
import { type RequestView, toRequestView } from './request-view.ts';
import { updateRequest } from './update-request.ts';

/** The Standard Webhooks reference schedule after the first try, in seconds. */
export const CALLBACK_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

/** Posts a signed callback; resolves with the HTTP status, or an error for no answer. */
export interface CallbackSender {
  send(
    url: string,
    body: RequestView,
    webhookId: string,
  ): Promise<{ status?: number; error?: string; refused?: boolean }>;
}

function webhookIdOf(request: DsrRequest): string {
  const generation = request.events.filter((e) => e.type === 'callback_sent').length;
  return `cb_${request.id}_${request.callback?.status}_${generation}`;
}

/**
 * Sends the completion callbacks that are due: a 2xx clears the callback and
 * records `callback_sent`; anything else is retried on the webhook schedule,
 * and recorded as `callback_failed` when the schedule is used up.
 */
export async function sendDueCallbacks(deps: {
  store: RequestStore;
  clock: Clock;
  sender: CallbackSender;
  /** The open requests to look at; by default the store's open index is read. */
  open?: OpenRequests;
}): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for await (const request of deps.open ?? deps.store.listOpen()) {
    const callback = request.callback;
    if (!callback || !request.callbackUrl) continue;
    if (Date.parse(callback.nextAttemptAt) > deps.clock.now().getTime()) continue;
    const answer = await deps.sender.send(
      request.callbackUrl,
      toRequestView(request, deps.clock.now()),
      webhookIdOf(request),
    );
    const delivered = answer.status !== undefined && answer.status >= 200 && answer.status < 300;
    await updateRequest(deps.store, request.id, (fresh) => {
      if (!fresh.callback || fresh.callback.status !== callback.status) return undefined;
      const now = deps.clock.now();
      const at = now.toISOString();
      const vendorStatus = answer.status;
      if (delivered) {
        fresh.callback = undefined;
        fresh.events = chainEvents(fresh.events, [
          {
            at,
            type: 'callback_sent',
            actor: 'system',
            vendorStatus,
            detail: `reported ${callback.status}`,
          },
        ]);
        sent++;
        return fresh;
      }
      const attempts = fresh.callback.attempts + 1;
      // A target the SSRF guard refuses will never be allowed: no point in retrying.
      const delay = answer.refused ? undefined : CALLBACK_SCHEDULE[attempts - 1];
      const error = answer.error ?? `answered ${answer.status}`;
      if (delay === undefined) {
        fresh.callback = undefined;
        fresh.events = chainEvents(fresh.events, [
          {
            at,
            type: 'callback_failed',
            actor: 'system',
            vendorStatus,
            detail: `gave up after ${attempts} tries: ${error}`,
          },
        ]);
        failed++;
        return fresh;
      }
      fresh.callback = {
        ...fresh.callback,
        attempts,
        lastError: error,
        nextAttemptAt: new Date(now.getTime() + delay * 1000).toISOString(),
      };
      return fresh;
    });
  }
  return { sent, failed };
}
