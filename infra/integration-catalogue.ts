import { Duration } from 'aws-cdk-lib';

/** The name of an integration's queue, worker and vendor secret. */
export type QueueKey =
  | 'auth0'
  | 'stripe'
  | 'github'
  | 'google-analytics'
  | 'facebook'
  | 'happyfox-chat'
  | 'gitter'
  | 'inline-manual'
  | 'partners';

/** What the infrastructure needs to know about one integration. */
export interface IntegrationQueueSpec {
  readonly key: QueueKey;
  /**
   * The vendor's published request rate per second (vendors.md); sizes the worker's concurrency.
   * The rate itself is enforced at run time by the integration's descriptor and `<VENDOR>_RATE_LIMIT`.
   */
  readonly ratePerSecond: number;
  /** Prefix of the vendor's environment variables, e.g. `AUTH0` for `AUTH0_BASE_URL`. */
  readonly envPrefix: string;
}

/**
 * Every integration that gets a queue, a DLQ, a worker and a vendor secret.
 * Rates are the vendors' published limits (free/test tiers where they differ), see vendors.md.
 */
export const INTEGRATION_QUEUES: readonly IntegrationQueueSpec[] = [
  { key: 'auth0', ratePerSecond: 2, envPrefix: 'AUTH0' },
  { key: 'stripe', ratePerSecond: 25, envPrefix: 'STRIPE' },
  { key: 'github', ratePerSecond: 3, envPrefix: 'GITHUB' },
  { key: 'google-analytics', ratePerSecond: 10, envPrefix: 'GOOGLE_ANALYTICS' },
  { key: 'facebook', ratePerSecond: 5, envPrefix: 'FACEBOOK' },
  { key: 'happyfox-chat', ratePerSecond: 1, envPrefix: 'HAPPYFOX_CHAT' },
  { key: 'gitter', ratePerSecond: 2, envPrefix: 'GITTER' },
  { key: 'inline-manual', ratePerSecond: 2, envPrefix: 'INLINE_MANUAL' },
  { key: 'partners', ratePerSecond: 10, envPrefix: 'PARTNERS' },
];

/** Every queue key, in catalogue order. */
export const QUEUE_KEYS: readonly QueueKey[] = INTEGRATION_QUEUES.map((spec) => spec.key);

/** Builds a record with one entry per queue key. */
export function mapQueueKeys<T>(make: (key: QueueKey) => T): Record<QueueKey, T> {
  return Object.fromEntries(QUEUE_KEYS.map((key) => [key, make(key)])) as Record<QueueKey, T>;
}

/** How long one worker invocation may run. */
export const WORKER_TIMEOUT = Duration.seconds(60);

/** How long one DLQ-handler invocation may run. */
export const DLQ_HANDLER_TIMEOUT = Duration.seconds(30);

/**
 * Lambda's guidance: a source queue's visibility timeout is at least six times the function timeout,
 * so a message is not redelivered while a throttled or retried batch is still being handled.
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/**
 * Receives before SQS dead-letters a message. High on purpose: workers postpone a message with
 * ChangeMessageVisibility (up to 12 h) to follow the retry schedule, and each postponement is a receive.
 */
export const MAX_RECEIVE_COUNT = 30;

/**
 * The event source's maximum concurrency for an integration: one concurrent worker per permitted
 * request per second, never below Lambda's minimum of 2.
 */
export function workerMaxConcurrency(spec: IntegrationQueueSpec): number {
  return Math.max(2, Math.ceil(spec.ratePerSecond));
}

/** Looks up a queue key, failing with the key's name if it is unknown. */
export function integrationQueueSpec(key: string): IntegrationQueueSpec {
  const spec = INTEGRATION_QUEUES.find((candidate) => candidate.key === key);
  if (!spec) {
    throw new Error(`Unknown integration queue key "${key}" (known: ${QUEUE_KEYS.join(', ')})`);
  }
  return spec;
}
