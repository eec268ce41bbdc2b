import { createHash } from 'node:crypto';
import { chainEvents, type NewAuditEvent } from './audit.ts';
import type { DsrRequest, Task } from './model.ts';
import type { ActionOutcome, Verification } from './outcome.ts';
import type { Clock, RequestStore, TaskMessage } from './ports.ts';
import { deriveRequestStatus } from './request-status.ts';
import { nextRetryDelay } from './retry-policy.ts';
import { updateRequest } from './update-request.ts';
import { isConfirmedChange, type VendorExchange } from './vendor-call.ts';

/** The result of one action at a vendor, as the host that ran it reports it. */
export interface PerformedAction {
  outcome: ActionOutcome;
  verification?: Verification;
  exchanges: readonly VendorExchange[];
}

/** Runs one integration's action for a request; implemented by the worker with the vendor SDK. */
export interface ActionPerformer {
  /** Whether the task waits for a person or partner, and so needs an ack link. */
  needsAck(integration: string): boolean;
  /** The task's ack token: the same for every attempt of one generation, so a redelivered notification's link stays valid. */
  ackToken(requestId: string, integration: string, generation: number): string;
  perform(
    request: DsrRequest,
    integration: string,
    ackUrl: string | undefined,
    /** Keeps a change the vendor confirmed, the moment it confirms it. */
    onConfirmedChange?: (exchange: VendorExchange) => Promise<void>,
  ): Promise<PerformedAction>;
}

export interface TaskRunnerDeps {
  store: RequestStore;
  clock: Clock;
  performer: ActionPerformer;
  retrySchedule: readonly number[];
  /** How long a claim on a task lasts; longer than one invocation may run. */
  leaseMs: number;
  pickupGraceMs: number;
  /** Public base URL of the hub, for ack links. */
  publicUrl: string;
  /** Identifies this invocation in leases. */
  owner: string;
  random?: () => number;
}

/** What the queue should do with the message: drop it, or show it again later. */
export type TaskRunResult = { kind: 'done' } | { kind: 'later'; delayMs: number };

const MAX_THROTTLES = 200;

/** One-way hash under which single-use ack tokens are stored. */
export function hashAckToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Runs one task once:
 * 1. skips it when it is finished, waiting for an ack, not due yet, or claimed by another worker;
 * 2. claims it (one conditional write): counts the attempt and takes a lease;
 * 3. performs the vendor action and its read-back;
 * 4. records the outcome, the audit events and the next attempt (one conditional write),
 *    unless the lease was lost meanwhile.
 */
export async function runTask(message: TaskMessage, deps: TaskRunnerDeps): Promise<TaskRunResult> {
  const { store, clock } = deps;
  const current = await store.get(message.requestId);
  const task = current?.tasks[message.integration];
  if (!current || !task) return { kind: 'done' };
  const waiting = waitBeforeRun(task, clock.now());
  if (waiting !== undefined) return waiting;

  const needsAck = deps.performer.needsAck(message.integration);
  // A recipient that answered 410 Gone is not called again until ops redrives it.
  const disabled = needsAck ? await store.integrationDisabled(message.integration) : undefined;
  if (disabled) {
    await updateRequest(store, message.requestId, (request) => {
      const fresh = request.tasks[message.integration];
      if (!fresh || waitBeforeRun(fresh, clock.now()) !== undefined) return undefined;
      const now = clock.now();
      const error = `${message.integration} is disabled since ${disabled.at} (${disabled.reason}); fix it, then redrive`;
      return settle(request, failTask(fresh, error, now.toISOString()), now);
    });
    return { kind: 'done' };
  }
  const ackToken = needsAck
    ? deps.performer.ackToken(message.requestId, message.integration, task.ackGeneration ?? 0)
    : undefined;
  if (ackToken) await store.saveAckToken(hashAckToken(ackToken), message);
  const claimed = await updateRequest(store, message.requestId, (request) => {
    const fresh = request.tasks[message.integration];
    if (!fresh || waitBeforeRun(fresh, clock.now()) !== undefined) return undefined;
    const now = clock.now();
    // A lease left behind expired: its holder stopped before recording anything.
    if (fresh.lease) request.events = chainEvents(request.events, [abandonedAttempt(fresh, now)]);
    fresh.attempts += 1;
    fresh.lease = {
      owner: deps.owner,
      until: new Date(now.getTime() + deps.leaseMs).toISOString(),
    };
    fresh.pickupBy = undefined;
    fresh.redispatches = undefined;
    if (ackToken) {
      if ((fresh.ackGeneration ?? 0) !== (task.ackGeneration ?? 0)) return undefined;
      fresh.ackTokenHash = hashAckToken(ackToken);
    }
    return request;
  });
  if (!claimed) {
    const latest = await store.get(message.requestId);
    const latestTask = latest?.tasks[message.integration];
    return (latestTask && waitBeforeRun(latestTask, clock.now())) ?? { kind: 'done' };
  }

  const ackUrl = ackToken ? `${deps.publicUrl}/v1/acks/${ackToken}` : undefined;
  const keepChange = (exchange: VendorExchange) =>
    keepConfirmedChange(store, message, deps.owner, describeChange(exchange));
  const performed = await deps.performer.perform(claimed, message.integration, ackUrl, keepChange);
  if (performed.outcome.kind === 'failed' && performed.outcome.disable) {
    await store.setIntegrationDisabled(message.integration, {
      at: clock.now().toISOString(),
      reason: performed.outcome.error,
    });
  }

  let result: TaskRunResult = { kind: 'done' };
  const leaseEnds = Date.parse(claimed.tasks[message.integration]?.lease?.until ?? '');
  await retryWhileLeased(leaseEnds, clock, () =>
    updateRequest(store, message.requestId, (request) => {
      const fresh = request.tasks[message.integration];
      if (!fresh || fresh.lease?.owner !== deps.owner) return undefined;
      const now = clock.now();
      const events = applyOutcome(fresh, performed, now, deps);
      fresh.lease = undefined;
      result =
        fresh.status === 'retrying' && fresh.nextAttemptAt
          ? { kind: 'later', delayMs: Date.parse(fresh.nextAttemptAt) - now.getTime() }
          : { kind: 'done' };
      return settle(request, events, now);
    }),
  );
  return result;
}

/**
 * The vendor has acted, so its outcome must land: a failed write (DynamoDB throttling that
 * outlasted the SDK's retries) is tried again for as long as the lease keeps others off.
 */
async function retryWhileLeased<T>(
  leaseEnds: number,
  clock: Clock,
  write: () => Promise<T>,
): Promise<T> {
  for (let pauseMs = 100; ; pauseMs = Math.min(pauseMs * 2, 2000)) {
    try {
      return await write();
    } catch (error) {
      if (!(clock.now().getTime() + pauseMs < leaseEnds)) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

/** The audit line for an attempt whose worker stopped before recording an outcome. */
export function abandonedAttempt(task: Task, now: Date): NewAuditEvent {
  return {
    at: now.toISOString(),
    type: 'attempt',
    integration: task.integration,
    actor: 'system',
    detail: `attempt ${task.attempts} ended without an outcome: its lease expired at ${task.lease?.until}`,
  };
}

/** undefined when the task may run now; otherwise what to do with its message. */
function waitBeforeRun(task: Task, now: Date): TaskRunResult | undefined {
  if (task.status !== 'pending' && task.status !== 'retrying') return { kind: 'done' };
  const leaseLeft = task.lease ? Date.parse(task.lease.until) - now.getTime() : 0;
  if (leaseLeft > 0) return { kind: 'later', delayMs: leaseLeft };
  const due = task.nextAttemptAt ? Date.parse(task.nextAttemptAt) - now.getTime() : 0;
  // A message that comes early (a duplicate, or a redelivery) waits for the task's own time.
  if (due > 1000) return { kind: 'later', delayMs: due };
  return undefined;
}

function applyOutcome(
  task: Task,
  performed: PerformedAction,
  now: Date,
  deps: TaskRunnerDeps,
): NewAuditEvent[] {
  const at = now.toISOString();
  const integration = task.integration;
  const outcome = performed.outcome;
  const events: NewAuditEvent[] = performed.exchanges
    .filter((exchange) => exchange.status !== undefined || exchange.error)
    .map((exchange) => ({
      at,
      type: 'attempt',
      integration,
      actor: 'system',
      vendorStatus: exchange.status,
      detail: `${exchange.method} ${exchange.path}${exchange.error ? ` (${exchange.error})` : ''}`,
    }));
  if (events.length === 0) {
    events.push({ at, type: 'attempt', integration, actor: 'system', detail: 'no vendor call' });
  }
  const earlierEffects = task.effects ?? [];
  const effects = [...new Set([...earlierEffects, ...confirmedChanges(performed.exchanges)])];
  if (effects.length > 0) task.effects = effects;
  task.nextAttemptAt = undefined;
  // A retry that finds nothing left because an earlier attempt already removed it is a success.
  if (outcome.kind === 'not_applicable' && earlierEffects.length > 0) {
    return [
      ...events,
      ...applyOutcome(
        task,
        {
          ...performed,
          exchanges: [],
          outcome: {
            kind: 'acknowledged',
            evidence: { detail: `done in earlier attempts: ${earlierEffects.join(', ')}` },
          },
        },
        now,
        deps,
      ).filter((event) => event.type !== 'attempt'),
    ];
  }
  switch (outcome.kind) {
    case 'acknowledged': {
      const verification = performed.verification;
      if (verification?.kind === 'still_present') {
        return [
          ...events,
          ...scheduleRetry(
            task,
            {
              kind: 'retry',
              error: `verification found the data still present: ${verification.detail}`,
            },
            now,
            deps,
          ),
        ];
      }
      task.status = 'acknowledged';
      task.acknowledgedAt = at;
      task.lastError = undefined;
      task.evidence = { ...outcome.evidence };
      if (verification?.kind === 'verified') {
        task.evidence.verification = 'verified';
        task.evidence.verificationDetail = verification.detail;
      } else if (verification?.kind === 'unverifiable') {
        task.evidence.verification = 'unverifiable';
        task.evidence.verificationDetail = verification.reason;
      }
      return [
        ...events,
        {
          at,
          type: 'acknowledged',
          integration,
          actor: 'system',
          vendorStatus: outcome.evidence.vendorStatus,
          detail: outcome.evidence.detail,
        },
      ];
    }
    case 'not_applicable':
      task.status = 'not_applicable';
      task.reason = outcome.reason;
      task.lastError = undefined;
      if (outcome.evidence) task.evidence = outcome.evidence;
      return [
        ...events,
        { at, type: 'not_applicable', integration, actor: 'system', detail: outcome.reason },
      ];
    case 'awaiting_ack':
      task.status = 'awaiting_ack';
      task.awaitingSince ??= at;
      task.lastError = undefined;
      task.evidence = outcome.evidence;
      return [
        ...events,
        { at, type: 'awaiting_ack', integration, actor: 'system', detail: outcome.evidence.detail },
      ];
    case 'failed':
      return [...events, ...failTask(task, outcome.error, at, outcome.vendorStatus)];
    case 'retry':
      return [...events, ...scheduleRetry(task, outcome, now, deps)];
  }
}

const describeChange = (e: VendorExchange) => `${e.method} ${e.path} ${e.status}`;

function confirmedChanges(exchanges: readonly VendorExchange[]): string[] {
  return exchanges.filter(isConfirmedChange).map(describeChange);
}

/**
 * Records one confirmed vendor change on the task while this worker still holds it,
 * so that if the process dies before the outcome is written, the rerun knows the
 * change happened and acknowledges it instead of finding "nothing there".
 */
async function keepConfirmedChange(
  store: RequestStore,
  message: TaskMessage,
  owner: string,
  change: string,
): Promise<void> {
  await updateRequest(store, message.requestId, (request) => {
    const task = request.tasks[message.integration];
    if (!task || task.lease?.owner !== owner || task.effects?.includes(change)) return undefined;
    task.effects = [...(task.effects ?? []), change];
    return request;
  });
}

function scheduleRetry(
  task: Task,
  outcome: Extract<ActionOutcome, { kind: 'retry' }>,
  now: Date,
  deps: TaskRunnerDeps,
): NewAuditEvent[] {
  const at = now.toISOString();
  const rateLimited = outcome.rateLimited === true;
  if (rateLimited) task.throttles += 1;
  else {
    task.failures += 1;
    task.throttles = 0;
  }
  const decision = nextRetryDelay({
    schedule: deps.retrySchedule,
    failures: task.failures,
    rateLimited,
    throttles: task.throttles,
    hintMs: outcome.retryAfterMs,
    random: deps.random,
  });
  if (decision.delayMs === undefined || task.throttles > MAX_THROTTLES) {
    return failTask(
      task,
      `retries used up; last error: ${outcome.error}`,
      at,
      outcome.vendorStatus,
    );
  }
  const nextAttemptAt = new Date(now.getTime() + decision.delayMs);
  task.status = 'retrying';
  task.lastError = outcome.error;
  task.nextAttemptAt = nextAttemptAt.toISOString();
  task.pickupBy = new Date(nextAttemptAt.getTime() + deps.pickupGraceMs).toISOString();
  return [
    {
      at,
      type: 'retry_scheduled',
      integration: task.integration,
      actor: 'system',
      vendorStatus: outcome.vendorStatus,
      detail: `${outcome.error}; next attempt at ${task.nextAttemptAt}`,
    },
  ];
}

function failTask(task: Task, error: string, at: string, vendorStatus?: number): NewAuditEvent[] {
  task.status = 'failed';
  task.lastError = error;
  task.pickupBy = undefined;
  return [
    {
      at,
      type: 'failed',
      integration: task.integration,
      actor: 'system',
      vendorStatus,
      detail: error,
    },
  ];
}

/** Appends the events and re-derives the request's status from its tasks. */
export function settle(
  request: DsrRequest,
  events: readonly NewAuditEvent[],
  now: Date,
): DsrRequest {
  request.events = chainEvents(request.events, events);
  const status = deriveRequestStatus(Object.values(request.tasks));
  if (status === 'completed' && request.status !== 'completed')
    request.completedAt = now.toISOString();
  if (status !== 'completed') request.completedAt = undefined;
  // Upstream hears each time the request reaches completed or needs_attention.
  if (status !== request.status && status !== 'in_progress' && request.callbackUrl) {
    request.callback = { status, attempts: 0, nextAttemptAt: now.toISOString() };
  }
  request.status = status;
  return request;
}
