import { Duration } from 'aws-cdk-lib';
import { vendorDescriptors } from '../integrations/catalog.ts';

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

/** The rate the integration's own descriptor declares: one source of truth for code and infra. */
function declaredRate(key: QueueKey): number {
  const descriptor = vendorDescriptors.find((candidate) => candidate.name === key);
  if (!descriptor) throw new Error(`no integration descriptor for queue ${key}`);
  return descriptor.rateLimit.perSecond;
}

/** Partners share one queue; each partner's own default is 5/s, and there are several. */
const PARTNERS_QUEUE_RATE = 10;

/**
 * Every integration that gets a queue, a DLQ, a worker and a vendor secret, with the
 * rate its descriptor declares (the vendor's published limit, vendors.md).
 */
export const INTEGRATION_QUEUES: readonly IntegrationQueueSpec[] = [
  { key: 'auth0', ratePerSecond: declaredRate('auth0'), envPrefix: 'AUTH0' },
  { key: 'stripe', ratePerSecond: declaredRate('stripe'), envPrefix: 'STRIPE' },
  { key: 'github', ratePerSecond: declaredRate('github'), envPrefix: 'GITHUB' },
  {
    key: 'google-analytics',
    ratePerSecond: declaredRate('google-analytics'),
    envPrefix: 'GOOGLE_ANALYTICS',
  },
  { key: 'facebook', ratePerSecond: declaredRate('facebook'), envPrefix: 'FACEBOOK' },
  {
    key: 'happyfox-chat',
    ratePerSecond: declaredRate('happyfox-chat'),
    envPrefix: 'HAPPYFOX_CHAT',
  },
  { key: 'gitter', ratePerSecond: declaredRate('gitter'), envPrefix: 'GITTER' },
  {
    key: 'inline-manual',
    ratePerSecond: declaredRate('inline-manual'),
    envPrefix: 'INLINE_MANUAL',
  },
  { key: 'partners', ratePerSecond: PARTNERS_QUEUE_RATE, envPrefix: 'PARTNERS' },
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
