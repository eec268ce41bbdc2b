import type { Evidence } from './model.ts';

/**
 * What one action at one vendor came to. Integrations return these; the host
 * turns them into task transitions, audit events and retries.
 */
export type ActionOutcome =
  | { kind: 'acknowledged'; evidence: Evidence }
  | { kind: 'not_applicable'; reason: string; evidence?: Evidence }
  | { kind: 'awaiting_ack'; evidence: Evidence }
  | {
      kind: 'retry';
      error: string;
      vendorStatus?: number;
      /** The vendor's own word on when to come back (Retry-After and the like). */
      retryAfterMs?: number;
      /** A vendor rate limit, which does not use up the retry schedule. */
      rateLimited?: boolean;
    }
  | {
      kind: 'failed';
      error: string;
      vendorStatus?: number;
      /** The recipient is gone for good (410): stop sending to it until ops redrives. */
      disable?: boolean;
    };

/** The read-back after an action: did the vendor really do it? */
export type Verification =
  | { kind: 'verified'; detail: string }
  | { kind: 'unverifiable'; reason: string }
  | { kind: 'still_present'; detail: string };
