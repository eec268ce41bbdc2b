import { isDueSoon, isOverdue } from './deadline.ts';
import type { Clock, OpenRequests, RequestStore } from './ports.ts';
import { updateRequest } from './update-request.ts';

/**
 * Marks unfinished requests that became overdue or due soon (under 7 days left),
 * once each, and counts both for the alarms.
 */
export async function watchDeadlines(deps: {
  store: RequestStore;
  clock: Clock;
  /** The open requests to look at; by default the store's open index is read. */
  open?: OpenRequests;
}): Promise<{ overdue: number; dueSoon: number }> {
  let overdue = 0;
  let dueSoon = 0;
  for await (const request of deps.open ?? deps.store.listOpen()) {
    if (request.status === 'completed') continue;
    const now = deps.clock.now();
    const late = isOverdue(request.deadline, false, now);
    const soon = isDueSoon(request.deadline, false, now);
    if (late) overdue++;
    if (soon) dueSoon++;
    const mark = (late && !request.overdueSince) || (soon && !request.dueSoonSince);
    if (!mark) continue;
    await updateRequest(deps.store, request.id, (fresh) => {
      const at = deps.clock.now().toISOString();
      if (late && !fresh.overdueSince) fresh.overdueSince = at;
      else if (soon && !fresh.dueSoonSince) fresh.dueSoonSince = at;
      else return undefined;
      return fresh;
    });
  }
  return { overdue, dueSoon };
}
