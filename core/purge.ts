import { chainEvents } from './audit.ts';
import type { Clock, RequestStore } from './ports.ts';
import { updateRequest } from './update-request.ts';

/**
 * The hub forgets too: once a request is completed and its retention has passed,
 * its raw identifiers, changes and callback URL go. The evidence, the masked
 * subject and the keyed email hash stay, so "did we erase this person?" can still
 * be answered.
 */
export async function purgeCompletedRequests(deps: {
  store: RequestStore;
  clock: Clock;
  retentionMs: number;
}): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - deps.retentionMs);
  let purged = 0;
  for await (const request of deps.store.listPurgeable(cutoff)) {
    const updated = await updateRequest(deps.store, request.id, (fresh) => {
      if (fresh.purgedAt || fresh.status !== 'completed' || fresh.callback) return undefined;
      const at = deps.clock.now().toISOString();
      fresh.subject = undefined;
      fresh.changes = undefined;
      fresh.callbackUrl = undefined;
      fresh.purgedAt = at;
      fresh.events = chainEvents(fresh.events, [
        { at, type: 'purged', actor: 'system', detail: 'raw identifiers purged after retention' },
      ]);
      return fresh;
    });
    if (updated) purged++;
  }
  return purged;
}
