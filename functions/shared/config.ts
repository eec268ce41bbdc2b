import { parseRetrySchedule } from '../../core/retry-policy.ts';
import { ConfigurationError, type Env, flagEnv, numberEnv, requireEnv } from './env.ts';

/** What every handler reads from its environment, once per process. */
export interface HubConfig {
  table: string;
  /** Queue URL of integration key `k` is `queueUrlPrefix + k`. */
  queueUrlPrefix: string;
  /** Public base URL of the hub's API, for ack links. */
  publicUrl: string;
  /** @default contract.md's schedule, 5 s up to 24 h */
  retrySchedule: number[];
  /** @default 60 s: after a restart, unfinished work resumes within this plus the reconciler's period */
  pickupGraceMs: number;
  /** @default 90 s: longer than a worker invocation can run */
  leaseMs: number;
  /** @default 10 s per vendor HTTP call */
  callTimeoutMs: number;
  /** @default 20 s: the longest a call waits for its vendor's rate-limit slot */
  rateLimitWaitMs: number;
  /** @default false: partner and callback URLs must be https to public addresses */
  allowPrivateTargets: boolean;
}

export function readHubConfig(env: Env): HubConfig {
  try {
    return {
      table: requireEnv(env, 'HUB_TABLE'),
      queueUrlPrefix: requireEnv(env, 'HUB_QUEUE_URL_PREFIX'),
      publicUrl: (env.HUB_PUBLIC_URL ?? '').replace(/\/$/, ''),
      retrySchedule: parseRetrySchedule(env.HUB_RETRY_SCHEDULE),
      pickupGraceMs: numberEnv(env, 'HUB_PICKUP_GRACE_SECONDS', 60) * 1000,
      leaseMs: numberEnv(env, 'HUB_LEASE_SECONDS', 90) * 1000,
      callTimeoutMs: numberEnv(env, 'HUB_CALL_TIMEOUT_SECONDS', 10) * 1000,
      rateLimitWaitMs: numberEnv(env, 'HUB_RATE_LIMIT_WAIT_SECONDS', 20) * 1000,
      allowPrivateTargets: flagEnv(env, 'HUB_ALLOW_PRIVATE_TARGETS', false),
    };
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError((error as Error).message, { cause: error });
  }
}
