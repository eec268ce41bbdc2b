import { auditPath } from './audit-path.ts';
import type { RateLimiter } from './ports.ts';
import { currentVendorCallScope, isConfirmedChange, type VendorExchange } from './vendor-call.ts';

export interface VendorFetchOptions {
  /** Rate-limit key, normally the integration name. */
  key: string;
  perSecond: number;
  limiter: RateLimiter;
  /** Per-call timeout. */
  timeoutMs: number;
  /** How long a call may wait for a rate-limit slot before giving up. */
  maxQueueMs: number;
  fetch?: typeof fetch;
}

export class RateLimitWaitExceeded extends Error {
  override name = 'RateLimitWaitExceeded';
}

const RECORDED_HEADERS = [
  'retry-after',
  'x-ratelimit-reset',
  'x-ratelimit-remaining',
  'stripe-should-retry',
  'x-business-use-case-usage',
];

/**
 * A `fetch` for vendor SDKs: waits for the vendor's shared rate limit, enforces a
 * timeout and the invocation's abort signal, and records the exchange without
 * bodies or query strings, which may carry personal data.
 */
export function createVendorFetch(options: VendorFetchOptions): typeof fetch {
  const baseFetch = options.fetch ?? globalThis.fetch;
  return async function vendorFetch(input, init) {
    const scope = currentVendorCallScope();
    const request = new Request(input, init);
    const url = new URL(request.url);
    const exchange: VendorExchange = { method: request.method, path: auditPath(url.pathname) };
    const callerSignals: AbortSignal[] = [];
    if (scope) callerSignals.push(scope.signal);
    if (init?.signal) callerSignals.push(init.signal);
    scope?.exchanges.push(exchange);
    // The wait for a rate-limit slot has its own bound (maxQueueMs); the call's timeout starts
    // once the slot is granted, so a queue of callers does not time out before calling.
    let granted: boolean;
    try {
      granted = await options.limiter.acquire(
        options.key,
        options.perSecond,
        options.maxQueueMs,
        AbortSignal.any(callerSignals),
      );
    } catch (error) {
      exchange.error = `rate-limit wait failed: ${error instanceof Error ? error.name : 'error'}`;
      throw error;
    }
    if (!granted) {
      exchange.error = 'rate-limit wait exceeded';
      throw new RateLimitWaitExceeded(
        `no ${options.key} rate-limit slot within ${options.maxQueueMs} ms`,
      );
    }
    const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...callerSignals]);
    try {
      const response = await baseFetch(request, { signal });
      exchange.status = response.status;
      const headers: Record<string, string> = {};
      for (const name of RECORDED_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      exchange.headers = headers;
      // Kept at once, so that a crash before the outcome is written cannot lose the change.
      if (scope?.onConfirmedChange && isConfirmedChange(exchange)) {
        await scope.onConfirmedChange(exchange).catch(() => undefined);
      }
      return response;
    } catch (error) {
      exchange.error = error instanceof Error ? error.name : 'error';
      throw error;
    }
  };
}
