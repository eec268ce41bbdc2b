import Stripe from 'stripe';

/**
 * A failed Stripe call. Its message names the operation and the answer, never the customer
 * id or email: Stripe's own messages quote them ("No such customer: 'cus_…'"), and the host
 * stores messages as `lastError`. The SDK error stays reachable as `cause`.
 */
export class StripeCallError extends Error {
  override name = 'StripeCallError';

  constructor(
    message: string,
    readonly statusCode: number | undefined,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** Whether Stripe said the object does not exist (or no longer does). */
  get resourceMissing(): boolean {
    return this.statusCode === 404 && this.code === 'resource_missing';
  }

  /** Wraps whatever the SDK threw for `operation` (e.g. `DELETE /v1/customers/{id}`). */
  static from(operation: string, error: unknown): StripeCallError {
    if (error instanceof StripeCallError) return error;
    if (error instanceof Stripe.errors.StripeError && error.statusCode !== undefined) {
      const code = error.code && /^\w{1,64}$/.test(error.code) ? error.code : undefined;
      const answer = [error.statusCode, code ?? error.type].join(' ');
      return new StripeCallError(`Stripe ${operation} answered ${answer}`, error.statusCode, code, {
        cause: error,
      });
    }
    const kind = error instanceof Error ? error.name : 'error';
    return new StripeCallError(`Stripe ${operation} failed: ${kind}`, undefined, undefined, {
      cause: error,
    });
  }
}

/** Runs one SDK call, turning its failure into a {@link StripeCallError}. */
export async function stripeCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw StripeCallError.from(operation, error);
  }
}
