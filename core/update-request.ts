import type { DsrRequest } from './model.ts';
import { ConcurrentUpdateError, type RequestStore } from './ports.ts';

const MAX_CONFLICTS = 20;

/**
 * Read, change, write back conditionally on the version read: each transition is
 * one conditional write. Lost races are retried with fresh state. `change` returns
 * undefined when there is nothing to do.
 */
export async function updateRequest(
  store: RequestStore,
  id: string,
  change: (current: DsrRequest) => DsrRequest | undefined,
): Promise<DsrRequest | undefined> {
  for (let conflicts = 0; ; conflicts++) {
    const current = await store.get(id);
    if (!current) return undefined;
    const next = change(structuredClone(current));
    if (!next) return undefined;
    next.version = current.version + 1;
    try {
      await store.replace(next, current.version);
      return next;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || conflicts >= MAX_CONFLICTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * (conflicts + 1)));
    }
  }
}
