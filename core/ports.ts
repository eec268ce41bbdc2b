import type { DsrRequest } from './model.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Thrown by a store when a conditional write lost a race. */
export class ConcurrentUpdateError extends Error {
  override name = 'ConcurrentUpdateError';
}

/** Where requests live. DynamoDB on AWS and locally (dynalite). */
export interface RequestStore {
  /** Writes a new request unless one with its id exists; returns the existing one then. */
  create(
    request: DsrRequest,
  ): Promise<{ created: true } | { created: false; existing: DsrRequest }>;
  get(id: string): Promise<DsrRequest | undefined>;
  /** One conditional write: succeeds only if the stored version is `expectedVersion`. */
  replace(request: DsrRequest, expectedVersion: number): Promise<void>;
  /** Requests that are not completed or still owe a callback, for the reconciler. */
  listOpen(): AsyncIterable<DsrRequest>;
  /** Completed requests whose raw identifiers are still held, completed before `completedBefore`. */
  listPurgeable(completedBefore: Date): AsyncIterable<DsrRequest>;
  /** One page of requests, newest first. */
  listPage(options: {
    limit: number;
    cursor?: string;
    receivedFrom?: string;
    receivedTo?: string;
  }): Promise<RequestPage>;
  /** Why an integration was switched off (a partner answered 410 Gone), if it is. */
  integrationDisabled(name: string): Promise<IntegrationDisabled | undefined>;
  /** Switches an integration off with a reason, or back on with undefined. */
  setIntegrationDisabled(name: string, state: IntegrationDisabled | undefined): Promise<void>;
  /** Indexes an ack token's hash to its task, so that `POST /v1/acks/{token}` can find it. */
  saveAckToken(tokenHash: string, ref: AckTokenRef): Promise<void>;
  findAckToken(tokenHash: string): Promise<AckTokenRef | undefined>;
  /**
   * Records that a signed delivery (`webhook-id`) was seen with this body. Returns the
   * request id recorded by an earlier delivery with the same webhook-id, if any.
   */
  rememberDelivery(
    webhookId: string,
    bodyHash: string,
    requestId: string,
  ): Promise<{ first: true } | { first: false; bodyHash: string; requestId: string }>;
}

export interface RequestPage {
  items: DsrRequest[];
  /** Opaque; undefined on the last page. */
  cursor?: string;
}

/** How many messages wait in an integration's queue (visible plus in flight). */
export interface QueueInspector {
  depth(integration: string): Promise<number | null>;
}

export interface IntegrationDisabled {
  at: string;
  reason: string;
}

export interface AckTokenRef {
  requestId: string;
  integration: string;
}

/**
 * A worklist of open requests. Each step re-reads a request before it writes, so a
 * snapshot taken at the start of a reconciler run is safe to share between steps.
 */
export type OpenRequests = Iterable<DsrRequest> | AsyncIterable<DsrRequest>;

/** A message that asks a worker to run one task. */
export interface TaskMessage {
  requestId: string;
  integration: string;
}

export interface WorkQueue {
  send(message: TaskMessage, delaySeconds?: number): Promise<void>;
}

/** Spreads one vendor's calls over time, across every worker. */
export interface RateLimiter {
  /** Waits for a slot; resolves false if none is free within `maxWaitMs`. */
  acquire(
    key: string,
    perSecond: number,
    maxWaitMs: number,
    signal?: AbortSignal,
  ): Promise<boolean>;
}
