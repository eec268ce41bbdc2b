import type { ColdStartScenario } from './phases/cold-start.ts';
import type { FanOutScenario } from './phases/fan-out.ts';
import type { IntakeScenario } from './phases/intake.ts';

/** A vendor limit the bench sets, and the published figure it comes from. */
export interface DocumentedLimit {
  perSecond: number;
  source: string;
}

/**
 * The limits of the 1,000-request run. The hub's defaults (Auth0 Free: 2/s) would make it take
 * 25 minutes, so Auth0 runs at a paid tier's documented limit; Stripe at its sandbox limit,
 * which is also the hub's default. GitHub (3/s: 180 deletes a minute under the secondary limit)
 * would need 22 minutes for 1,000 people and is measured in the every-vendor run instead.
 */
export const LIMIT_RUN_LIMITS: Record<string, DocumentedLimit> = {
  auth0: {
    perSecond: 50,
    source:
      'Auth0 Private Cloud Basic (1x): Management API 50 requests/s sustained, https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy/rate-limit-configurations/tier-100-rps-private-cloud',
  },
  stripe: {
    perSecond: 25,
    source: 'Stripe sandbox/test mode: 25 operations/s, https://docs.stripe.com/rate-limits',
  },
};

export const VENDOR_LATENCY_MS = 50;

export const INTAKE: IntakeScenario = {
  concurrencies: [1, 8, 32],
  requestsPerLevel: 300,
  rounds: 3,
  warmUp: 60,
};

/** The fan-out against the physical limit, at `requests`; also the points of the scale series. */
export function limitRun(requests: number): FanOutScenario {
  return {
    label: `limit-${requests}`,
    requests,
    integrations: Object.keys(LIMIT_RUN_LIMITS),
    limits: Object.fromEntries(
      Object.entries(LIMIT_RUN_LIMITS).map(([name, limit]) => [name, limit.perSecond]),
    ),
    latencyMs: VENDOR_LATENCY_MS,
    submitConcurrency: 16,
    priceIndexes: true,
  };
}

/**
 * Every integration with a sandbox, each at the hub's default (documented) limit, enforced by its
 * sandbox too. Small on purpose: the 1/s vendors (Facebook, Google Analytics, HappyFox) take
 * two calls a second per request, and the hub waits at most 20 s for a rate-limit slot.
 * This run is also the one the cost per request is priced from.
 */
export const EVERY_VENDOR: FanOutScenario = {
  label: 'every-vendor',
  requests: 8,
  limits: {},
  latencyMs: VENDOR_LATENCY_MS,
  submitConcurrency: 8,
  priceIndexes: true,
};

export const COLD_START: ColdStartScenario = { repetitions: 3 };

/**
 * Scale points run by default; `--scale=…` replaces them. 1,000 is the limit run itself. At the
 * ~0.15-0.2 CPU-seconds a request costs the local hub, 3,000 adds about 8 minutes and 10,000
 * about half an hour, beyond the few minutes the bench may take: ask for them with `--scale`.
 */
export const DEFAULT_SCALE = [100, 1000];
