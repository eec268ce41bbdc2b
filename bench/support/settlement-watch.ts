import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const SETTLED_REQUEST = new Set(['completed', 'needs_attention']);
const SETTLED_TASK = new Set(['acknowledged', 'not_applicable', 'failed']);
const WATCH = 'benchSettlementWatch';

/** The fields of a task, as the hub writes it, that the watch reads. */
interface WrittenTask {
  status?: string;
  attempts?: number;
}

interface WatchedRequest {
  /** When each task settled (ms, performance clock), by integration. */
  tasks: Map<string, number>;
  settledAt?: number;
  status?: string;
  /** Attempts over all its tasks, when it settled. */
  attempts?: number;
}

/**
 * Learns when requests and their tasks settle by watching the hub's own writes: a middleware on
 * its DynamoDB client sees every successful put of a request item. No polling, so the load
 * generator adds no reads of its own to what is measured.
 */
export class SettlementWatch {
  private readonly watched = new Map<string, WatchedRequest>();
  private remaining = 0;
  private wake: (() => void) | undefined;

  attach(client: DynamoDBDocumentClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'PutItemCommand') {
          const item = (args.input as { Item?: Record<string, unknown> }).Item;
          const request = item?.request as
            | { id?: string; status?: string; tasks?: Record<string, WrittenTask> }
            | undefined;
          if (request?.id) this.observe(request.id, request.status, request.tasks ?? {});
        }
        return result;
      },
      { step: 'initialize', name: WATCH, override: true },
    );
  }

  /** Starts following these request ids. */
  expect(ids: Iterable<string>): void {
    for (const id of ids) {
      if (this.watched.has(id)) continue;
      this.watched.set(id, { tasks: new Map() });
      this.remaining += 1;
    }
  }

  /** Resolves when every expected request has settled; rejects after `timeoutMs`. */
  async settled(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.remaining > 0) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`${this.remaining} of ${this.watched.size} requests not settled`);
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, Math.min(left, 1000));
      });
    }
  }

  /** Requests settled so far, by final status. */
  statuses(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const request of this.watched.values()) {
      const status = request.status ?? 'open';
      counts[status] = (counts[status] ?? 0) + 1;
    }
    return counts;
  }

  /** Attempts and tasks over the settled requests: attempts − tasks is the retries. */
  attempts(): { attempts: number; tasks: number } {
    let attempts = 0;
    let tasks = 0;
    for (const request of this.watched.values()) {
      if (request.attempts === undefined) continue;
      attempts += request.attempts;
      tasks += request.tasks.size;
    }
    return { attempts, tasks };
  }

  /** When the last request settled, and per integration when its last task settled. */
  lastSettled(): { request: number; byIntegration: Record<string, number> } {
    let request = 0;
    const byIntegration: Record<string, number> = {};
    for (const watched of this.watched.values()) {
      request = Math.max(request, watched.settledAt ?? 0);
      for (const [name, at] of watched.tasks)
        byIntegration[name] = Math.max(byIntegration[name] ?? 0, at);
    }
    return { request, byIntegration };
  }

  /** Forgets every request, so that the bench holds no per-request memory of its own. */
  clear(): void {
    this.watched.clear();
    this.remaining = 0;
  }

  private observe(id: string, status: string | undefined, tasks: Record<string, WrittenTask>) {
    const watched = this.watched.get(id);
    if (!watched || watched.settledAt !== undefined) return;
    const now = performance.now();
    for (const [name, task] of Object.entries(tasks)) {
      if (task.status && SETTLED_TASK.has(task.status) && !watched.tasks.has(name)) {
        watched.tasks.set(name, now);
      }
    }
    if (status && SETTLED_REQUEST.has(status)) {
      watched.settledAt = now;
      watched.status = status;
      watched.attempts = Object.values(tasks).reduce((sum, task) => sum + (task.attempts ?? 0), 0);
      this.remaining -= 1;
      if (this.remaining === 0) this.wake?.();
    }
  }
}
