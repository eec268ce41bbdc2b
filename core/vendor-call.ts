import { AsyncLocalStorage } from 'node:async_hooks';

/** One HTTP exchange with a vendor, as the audit trail records it (no bodies, no query strings). */
export interface VendorExchange {
  method: string;
  path: string;
  status?: number;
  headers?: Record<string, string>;
  error?: string;
}

/** The invocation a vendor call belongs to: its abort signal and its record of exchanges. */
export interface VendorCallScope {
  signal: AbortSignal;
  exchanges: VendorExchange[];
  /** Called as soon as a vendor confirms a change, before the action returns. */
  onConfirmedChange?: (exchange: VendorExchange) => Promise<void>;
}

const CHANGING_METHODS = new Set(['DELETE', 'PATCH', 'PUT']);

/** A DELETE, PATCH or PUT the vendor answered with 2xx: a change that happened. */
export function isConfirmedChange(exchange: VendorExchange): boolean {
  return (
    CHANGING_METHODS.has(exchange.method) && exchange.status !== undefined && exchange.status < 300
  );
}

const scope = new AsyncLocalStorage<VendorCallScope>();

/** Runs `fn` so that every vendor call inside it is tied to `signal` and recorded in `exchanges`. */
export function withVendorCallScope<T>(
  signal: AbortSignal,
  exchanges: VendorExchange[],
  fn: () => Promise<T>,
  onConfirmedChange?: (exchange: VendorExchange) => Promise<void>,
): Promise<T> {
  return scope.run({ signal, exchanges, onConfirmedChange }, fn);
}

export function currentVendorCallScope(): VendorCallScope | undefined {
  return scope.getStore();
}
