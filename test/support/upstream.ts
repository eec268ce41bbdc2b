import { randomUUID } from 'node:crypto';
import { getJson, type HubEndpoint, submit } from './hub-client.ts';
import type { RequestView } from './request-audit.ts';

/** How one submission ended, as the upstream system saw it. */
export interface Delivery {
  id: string;
  /** The last answer's status; 0 when the hub never answered. */
  status: number;
  /** POSTs it took; more than one when the hub answered 5xx or not at all. */
  tries: number;
}

/**
 * Runs `work` over `items`, at most `concurrency` at a time, keeping the order of results.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (let index = next++; index < items.length; index = next++) {
      results[index] = await work(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * Delivers one request as a Standard Webhooks sender does: the same `webhook-id` on every
 * try, tried again after a 5xx or a connection error, until the hub answers or `tries` run
 * out. `hub` is read on each try, so a restarted hub on a new port is found.
 */
export async function deliver(
  hub: () => HubEndpoint,
  body: { id: string },
  options: { tries?: number; pauseMs?: number; webhookId?: string } = {},
): Promise<Delivery> {
  const webhookId = options.webhookId ?? `msg_${randomUUID()}`;
  const tries = options.tries ?? 20;
  let status = 0;
  for (let attempt = 1; attempt <= tries; attempt++) {
    try {
      status = (await submit(hub(), body, { webhookId })).status;
    } catch {
      status = 0;
    }
    if (status !== 0 && status < 500) return { id: body.id, status, tries: attempt };
    await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 200));
  }
  return { id: body.id, status, tries };
}

const SETTLED = new Set(['completed', 'needs_attention']);
const TERMINAL = new Set(['acknowledged', 'not_applicable', 'failed']);

/**
 * A request is settled when it is completed or needs attention and none of its tasks is
 * still running: a request needs attention as soon as one task failed, while others may
 * still be retrying.
 */
export function isSettled(request: { status: string; tasks: { status: string }[] }): boolean {
  return SETTLED.has(request.status) && request.tasks.every((task) => TERMINAL.has(task.status));
}

/**
 * Waits until every request is settled, tolerating 5xx answers and a hub that is briefly
 * unreachable; returns the settled resources by id. It waits for one request at a time: a
 * settled request stays settled, and polling them all each round would load the hub's one
 * event loop more than the work it waits for.
 */
export async function waitForAll(
  hub: () => HubEndpoint,
  ids: readonly string[],
  timeoutMs: number,
): Promise<Map<string, RequestView>> {
  const settled = new Map<string, RequestView>();
  const deadline = Date.now() + timeoutMs;
  for (const id of ids) {
    for (;;) {
      const answer = await getJson(hub(), `/v1/requests/${encodeURIComponent(id)}`).catch(
        () => undefined,
      );
      if (answer?.status === 200 && isSettled(answer.body)) {
        settled.set(id, answer.body);
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(await unsettledReport(hub(), ids, settled, timeoutMs));
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return settled;
}

/** How many requests are still unsettled, and where the first of them stands. */
async function unsettledReport(
  hub: HubEndpoint,
  ids: readonly string[],
  settled: ReadonlyMap<string, RequestView>,
  timeoutMs: number,
): Promise<string> {
  const open: RequestView[] = [];
  await mapConcurrently(
    ids.filter((id) => !settled.has(id)),
    8,
    async (id) => {
      const answer = await getJson(hub, `/v1/requests/${encodeURIComponent(id)}`).catch(
        () => undefined,
      );
      if (answer?.status !== 200 || !isSettled(answer.body)) open.push(answer?.body ?? { id });
    },
  );
  const first = open[0];
  const tasks = (first?.tasks ?? [])
    .map((t) => {
      const next = t.nextAttemptAt ? `, next at ${t.nextAttemptAt}` : '';
      return `${t.integration} ${t.status} (${t.attempts} attempts${next}; ${t.lastError ?? ''})`;
    })
    .join(', ');
  return `${open.length} requests not settled after ${timeoutMs} ms; ${first?.id}: ${tasks}`;
}

/** GETs a resource, trying again after a 5xx (the hub's DynamoDB may be throttled). */
export async function getSettled(hub: HubEndpoint, path: string, tries = 20): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    const answer = await getJson(hub, path);
    if (answer.status < 500 || attempt >= tries) {
      if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}`);
      return answer.body;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
