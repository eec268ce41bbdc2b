import { recordVendorCall } from '../shared/observability.ts';

/**
 * Wraps the fetch beneath the vendor fetch (after the rate limiter, so waiting for a slot is not
 * counted) and records each call's latency to its response headers, per integration. A call that
 * gets no answer (timeout, network error) records nothing: it shows up in retries and failures.
 */
export function timeVendorCalls(integration: string, fetch: typeof globalThis.fetch) {
  return async function timedFetch(
    input: Parameters<typeof globalThis.fetch>[0],
    init?: Parameters<typeof globalThis.fetch>[1],
  ): Promise<Response> {
    const started = performance.now();
    const response = await fetch(input, init);
    recordVendorCall(integration, Math.round(performance.now() - started));
    return response;
  };
}
