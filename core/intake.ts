import { createHash, createHmac } from 'node:crypto';
import { chainEvents } from './audit.ts';
import { legalDeadline } from './deadline.ts';
import { RequestConflict, UnprocessableRequest } from './errors.ts';
import { maskEmail, normalizeEmail } from './masking.ts';
import type { Changes, DsrRequest, RequestType, Subject, Task } from './model.ts';
import type { Clock, RequestStore, WorkQueue } from './ports.ts';
import { deriveRequestStatus } from './request-status.ts';

/** A request as an upstream system submits it, already validated. */
export interface SubmittedRequest {
  id: string;
  type: RequestType;
  subject: Subject;
  changes?: Changes;
  integrations?: string[];
  requestedAt?: string;
  callbackUrl?: string;
}

/** What intake needs to know about one enabled integration. */
export interface EnabledIntegration {
  name: string;
  supports: readonly RequestType[];
}

export interface IntakeDeps {
  store: RequestStore;
  queue: WorkQueue;
  clock: Clock;
  enabled: ReadonlyMap<string, EnabledIntegration>;
  /** Key for the email hash kept after the purge. */
  emailHashKey: string;
  /** How long a dispatched task may wait for a worker before the reconciler sends it again. */
  pickupGraceMs: number;
}

export type IntakeResult = { outcome: 'accepted' | 'repeat'; request: DsrRequest };

/** SHA-256 of the canonical JSON of the body: equal bodies, equal fingerprints. */
export function fingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function emailHash(email: string, key: string): string {
  return createHmac('sha256', key).update(normalizeEmail(email)).digest('hex');
}

/**
 * Accepts one signed request:
 * 1. picks the integrations and refuses any that is not enabled, before storing anything;
 * 2. remembers the delivery's webhook-id, refusing a replay with another body;
 * 3. writes the request with one pending task per integration, unless its id exists;
 * 4. sends one message per task; a lost send is re-sent by the reconciler.
 */
export async function submitRequest(
  input: SubmittedRequest,
  webhookId: string,
  deps: IntakeDeps,
): Promise<IntakeResult> {
  const names = input.integrations ?? [...deps.enabled.keys()];
  const refused = names.filter((name) => !deps.enabled.has(name));
  if (refused.length > 0) {
    throw new UnprocessableRequest(
      'Some integrations are known but not enabled on this hub',
      refused.map((name) => ({ path: 'integrations', message: `${name} is not enabled` })),
    );
  }

  const bodyHash = fingerprint(input);
  const delivery = await deps.store.rememberDelivery(webhookId, bodyHash, input.id);
  if (!delivery.first && (delivery.bodyHash !== bodyHash || delivery.requestId !== input.id)) {
    throw new RequestConflict(`webhook-id was already used for a different body`);
  }

  const now = deps.clock.now();
  const request = newRequest(input, [...new Set(names)], bodyHash, now, deps);
  const created = await deps.store.create(request);
  if (!created.created) {
    if (created.existing.bodyHash !== bodyHash) {
      throw new RequestConflict(`request ${input.id} exists with a different body`);
    }
    return { outcome: 'repeat', request: created.existing };
  }
  await Promise.all(
    Object.values(request.tasks)
      .filter((task) => task.status === 'pending')
      .map((task) => deps.queue.send({ requestId: request.id, integration: task.integration })),
  );
  return { outcome: 'accepted', request };
}

function newRequest(
  input: SubmittedRequest,
  names: string[],
  bodyHash: string,
  now: Date,
  deps: IntakeDeps,
): DsrRequest {
  const requestedAt = input.requestedAt ? new Date(input.requestedAt) : now;
  const pickupBy = new Date(now.getTime() + deps.pickupGraceMs).toISOString();
  const tasks: Record<string, Task> = {};
  for (const name of names) {
    const supported = deps.enabled.get(name)?.supports.includes(input.type) ?? false;
    tasks[name] = supported
      ? { integration: name, status: 'pending', attempts: 0, failures: 0, throttles: 0, pickupBy }
      : {
          integration: name,
          status: 'not_applicable',
          attempts: 0,
          failures: 0,
          throttles: 0,
          reason: `${name} has no ${input.type} action`,
        };
  }
  const at = now.toISOString();
  const status = deriveRequestStatus(Object.values(tasks));
  const request: DsrRequest = {
    id: input.id,
    type: input.type,
    status,
    completedAt: status === 'completed' ? at : undefined,
    receivedAt: at,
    requestedAt: requestedAt.toISOString(),
    deadline: legalDeadline(requestedAt).toISOString(),
    subject: input.subject,
    subjectMasked: input.subject.email ? { email: maskEmail(input.subject.email) } : {},
    emailHash: input.subject.email ? emailHash(input.subject.email, deps.emailHashKey) : undefined,
    changes: input.changes,
    callbackUrl: input.callbackUrl,
    bodyHash,
    tasks,
    events: [],
    version: 1,
  };
  request.events = chainEvents(
    [],
    [
      {
        at,
        type: 'received',
        actor: 'upstream',
        detail: `${input.type} for ${names.length} integrations`,
      },
      ...Object.values(tasks)
        .filter((task) => task.status === 'not_applicable')
        .map((task) => ({
          at,
          type: 'not_applicable' as const,
          integration: task.integration,
          actor: 'system',
          detail: task.reason,
        })),
    ],
  );
  return request;
}
