import { isDueSoon, isOverdue } from './deadline.ts';
import { emailHash } from './intake.ts';
import type { DsrRequest, RequestStatus } from './model.ts';
import type { RequestStore } from './ports.ts';

export interface RequestFilters {
  status?: RequestStatus;
  integration?: string;
  overdue?: boolean;
  dueSoon?: boolean;
  /** Looked up by its keyed hash, so it works after the purge too. */
  email?: string;
}

/** The longest run of store pages one list call reads while filtering, to bound its cost. */
const MAX_PAGES_PER_CALL = 50;

/**
 * Lists requests newest first, filtered, one page at a time. Filters apply to
 * store pages in turn until the page is full; the cursor is the store's own.
 */
export async function listRequests(
  store: RequestStore,
  filters: RequestFilters,
  options: { limit: number; cursor?: string; now: Date; emailHashKey: string },
): Promise<{ items: DsrRequest[]; nextCursor: string | null }> {
  const hash = filters.email ? emailHash(filters.email, options.emailHashKey) : undefined;
  const matches = (request: DsrRequest) => {
    const completed = request.status === 'completed';
    if (filters.status && request.status !== filters.status) return false;
    if (filters.integration && !request.tasks[filters.integration]) return false;
    if (
      filters.overdue !== undefined &&
      isOverdue(request.deadline, completed, options.now) !== filters.overdue
    ) {
      return false;
    }
    if (
      filters.dueSoon !== undefined &&
      isDueSoon(request.deadline, completed, options.now) !== filters.dueSoon
    ) {
      return false;
    }
    if (hash && request.emailHash !== hash) return false;
    return true;
  };
  const items: DsrRequest[] = [];
  let cursor = options.cursor;
  for (let pages = 0; pages < MAX_PAGES_PER_CALL; pages++) {
    const page = await store.listPage({ limit: options.limit - items.length, cursor });
    items.push(...page.items.filter(matches));
    cursor = page.cursor;
    if (!cursor || items.length >= options.limit) break;
  }
  return { items, nextCursor: cursor ?? null };
}
