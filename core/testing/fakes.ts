/**
 * In-process fakes of the core ports, for unit tests. No network, no timers:
 * a test drives the clock and scripts what the vendor answers.
 */
import { createHash } from 'node:crypto';
import type { DsrRequest, Task } from '../model.ts';
import {
  type AckTokenRef,
  type Clock,
  ConcurrentUpdateError,
  type IntegrationDisabled,
  type RequestPage,
  type RequestStore,
  type TaskMessage,
  type WorkQueue,
} from '../ports.ts';
import type { ActionPerformer, PerformedAction } from '../task-runner.ts';

/** A clock that only moves when the test moves it. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start: string | Date = '2026-03-10T12:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: string | Date): void {
    this.current = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

/**
 * A RequestStore in memory. Like DynamoDB, it hands out copies (so a caller's
 * edits never reach the store without a write) and `replace` is conditional on the
 * stored version: a stale write throws ConcurrentUpdateError.
 */
export class InMemoryRequestStore implements RequestStore {
  private readonly requests = new Map<string, DsrRequest>();
  private readonly ackTokens = new Map<string, AckTokenRef>();
  private readonly deliveries = new Map<string, { bodyHash: string; requestId: string }>();
  /** Successful writes (create and replace), for tests that check nothing was written. */
  writes = 0;
  /** Replaces refused because the stored version had moved on. */
  conflicts = 0;
  /** Runs once before the next `replace` is checked: lets a test play a concurrent writer. */
  beforeNextReplace: (() => void) | undefined;

  async create(
    request: DsrRequest,
  ): Promise<{ created: true } | { created: false; existing: DsrRequest }> {
    const existing = this.requests.get(request.id);
    if (existing) return { created: false, existing: structuredClone(existing) };
    this.requests.set(request.id, structuredClone(request));
    this.writes++;
    return { created: true };
  }

  async get(id: string): Promise<DsrRequest | undefined> {
    const stored = this.requests.get(id);
    return stored ? structuredClone(stored) : undefined;
  }

  async replace(request: DsrRequest, expectedVersion: number): Promise<void> {
    const hook = this.beforeNextReplace;
    this.beforeNextReplace = undefined;
    hook?.();
    const stored = this.requests.get(request.id);
    if (!stored || stored.version !== expectedVersion) {
      this.conflicts++;
      throw new ConcurrentUpdateError(
        `request ${request.id} is at version ${stored?.version}, not ${expectedVersion}`,
      );
    }
    this.requests.set(request.id, structuredClone(request));
    this.writes++;
  }

  async *listOpen(): AsyncIterable<DsrRequest> {
    for (const request of [...this.requests.values()]) {
      if (request.status !== 'completed' || request.callback) yield structuredClone(request);
    }
  }

  async *listPurgeable(completedBefore: Date): AsyncIterable<DsrRequest> {
    for (const request of [...this.requests.values()]) {
      if (
        request.status === 'completed' &&
        !request.callback &&
        !request.purgedAt &&
        request.completedAt !== undefined &&
        Date.parse(request.completedAt) < completedBefore.getTime()
      ) {
        yield structuredClone(request);
      }
    }
  }

  async listPage(options: {
    limit: number;
    cursor?: string;
    receivedFrom?: string;
    receivedTo?: string;
  }): Promise<RequestPage> {
    const sorted = [...this.requests.values()]
      .filter((r) => !options.receivedFrom || r.receivedAt >= options.receivedFrom)
      .filter((r) => !options.receivedTo || r.receivedAt < options.receivedTo)
      .sort((a, b) => `${b.receivedAt}#${b.id}`.localeCompare(`${a.receivedAt}#${a.id}`));
    const start = options.cursor ? Number(options.cursor) : 0;
    const items = sorted.slice(start, start + options.limit).map((r) => structuredClone(r));
    const next = start + options.limit;
    return { items, cursor: next < sorted.length ? String(next) : undefined };
  }

  private readonly disabled = new Map<string, IntegrationDisabled>();

  async integrationDisabled(name: string): Promise<IntegrationDisabled | undefined> {
    const state = this.disabled.get(name);
    return state ? { ...state } : undefined;
  }

  async setIntegrationDisabled(
    name: string,
    state: IntegrationDisabled | undefined,
  ): Promise<void> {
    if (state) this.disabled.set(name, { ...state });
    else this.disabled.delete(name);
  }

  async saveAckToken(tokenHash: string, ref: AckTokenRef): Promise<void> {
    this.ackTokens.set(tokenHash, { requestId: ref.requestId, integration: ref.integration });
  }

  async findAckToken(tokenHash: string): Promise<AckTokenRef | undefined> {
    const ref = this.ackTokens.get(tokenHash);
    return ref ? { ...ref } : undefined;
  }

  async rememberDelivery(
    webhookId: string,
    bodyHash: string,
    requestId: string,
  ): Promise<{ first: true } | { first: false; bodyHash: string; requestId: string }> {
    const seen = this.deliveries.get(webhookId);
    if (seen) return { first: false, ...seen };
    this.deliveries.set(webhookId, { bodyHash, requestId });
    return { first: true };
  }

  /** Test set-up: puts a request in place as it is, bypassing the version check. */
  seed(request: DsrRequest): void {
    this.requests.set(request.id, structuredClone(request));
  }

  /** Test inspection: a copy of what is stored, read synchronously. */
  peek(id: string): DsrRequest | undefined {
    const stored = this.requests.get(id);
    return stored ? structuredClone(stored) : undefined;
  }

  /** Test set-up: rewrites a stored request in place and bumps its version, as another writer would. */
  mutate(id: string, change: (request: DsrRequest) => void): void {
    const stored = this.requests.get(id);
    if (!stored) throw new Error(`no request ${id} to mutate`);
    change(stored);
    stored.version += 1;
  }

  requestCount(): number {
    return this.requests.size;
  }

  hasDelivery(webhookId: string): boolean {
    return this.deliveries.has(webhookId);
  }
}

/** A WorkQueue that records what it was asked to send. */
export class FakeQueue implements WorkQueue {
  readonly sent: { message: TaskMessage; delaySeconds: number | undefined }[] = [];

  async send(message: TaskMessage, delaySeconds?: number): Promise<void> {
    this.sent.push({ message: { ...message }, delaySeconds });
  }

  messages(): TaskMessage[] {
    return this.sent.map((entry) => entry.message);
  }
}

/** What the fake vendor answers to one `perform` call. */
export type ScriptedAnswer =
  | PerformedAction
  | ((request: DsrRequest) => PerformedAction | Promise<PerformedAction>);

/**
 * An ActionPerformer whose answers a test scripts in order. It records every call,
 * and derives ack tokens from (request, integration, generation) like the real one.
 */
export class FakeActionPerformer implements ActionPerformer {
  readonly calls: { request: DsrRequest; integration: string; ackUrl: string | undefined }[] = [];
  readonly tokenRequests: { requestId: string; integration: string; generation: number }[] = [];
  private readonly script: ScriptedAnswer[] = [];

  constructor(private readonly ackIntegrations: ReadonlySet<string> = new Set()) {}

  answer(...answers: ScriptedAnswer[]): this {
    this.script.push(...answers);
    return this;
  }

  needsAck(integration: string): boolean {
    return this.ackIntegrations.has(integration);
  }

  ackToken(requestId: string, integration: string, generation: number): string {
    this.tokenRequests.push({ requestId, integration, generation });
    return createHash('sha256')
      .update(`fake-ack\n${requestId}\n${integration}\n${generation}`)
      .digest('base64url');
  }

  async perform(
    request: DsrRequest,
    integration: string,
    ackUrl: string | undefined,
  ): Promise<PerformedAction> {
    this.calls.push({ request: structuredClone(request), integration, ackUrl });
    const next = this.script.shift();
    if (!next)
      throw new Error(`FakeActionPerformer: no scripted answer for call ${this.calls.length}`);
    return typeof next === 'function' ? await next(request) : next;
  }
}

/** A task in a given state, with the counters a fresh task has. */
export function makeTask(integration: string, overrides: Partial<Task> = {}): Task {
  return { integration, status: 'pending', attempts: 0, failures: 0, throttles: 0, ...overrides };
}

/** A stored request with the given tasks and no events; fields a test does not care about are filled in. */
export function makeRequest(
  id: string,
  tasks: readonly Task[],
  overrides: Partial<DsrRequest> = {},
): DsrRequest {
  return {
    id,
    type: 'erasure',
    status: 'in_progress',
    receivedAt: '2026-03-01T00:00:00.000Z',
    requestedAt: '2026-03-01T00:00:00.000Z',
    deadline: '2026-04-01T00:00:00.000Z',
    subject: { email: 'ada@example.com' },
    subjectMasked: { email: 'a***@example.com' },
    bodyHash: 'body-hash',
    tasks: Object.fromEntries(tasks.map((task) => [task.integration, task])),
    events: [],
    version: 1,
    ...overrides,
  };
}
