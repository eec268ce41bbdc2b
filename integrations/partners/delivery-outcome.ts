import { retryAfterFromHeaders } from '../../core/failure.ts';
import type { ActionOutcome } from '../../core/outcome.ts';

/** How a task's evidence and errors name the one who receives the webhook. */
export interface DeliveryWording {
  /** e.g. `partner`, `HappyFox Chat contact`. */
  recipient: string;
  /** Evidence detail once the webhook was received. */
  awaiting: string;
  /** The error once the endpoint answered 410 Gone. */
  gone: string;
}

const GONE = 410;

/**
 * What a receiver's HTTP answer means for the task, following Standard Webhooks: 2xx
 * received (now wait for the ack), 410 gone for good, 429/502/504 slow down, other
 * 5xx try again, 3xx and other 4xx give up.
 */
export function deliveryOutcome(
  status: number,
  retryAfter: string | null,
  now: Date,
  wording: DeliveryWording,
): ActionOutcome {
  if (status >= 200 && status < 300) {
    return { kind: 'awaiting_ack', evidence: { vendorStatus: status, detail: wording.awaiting } };
  }
  if (status === GONE) {
    return { kind: 'failed', error: wording.gone, vendorStatus: status, disable: true };
  }
  const retryAfterMs =
    retryAfter === null ? undefined : retryAfterFromHeaders({ 'retry-after': retryAfter }, now);
  const hint = retryAfter === null ? '' : `; Retry-After ${retryAfter}`;
  if (status === 429) {
    return {
      kind: 'retry',
      error: `429 ${wording.recipient} rate limited${hint}`,
      vendorStatus: status,
      retryAfterMs,
      rateLimited: true,
    };
  }
  if (status === 502 || status === 504) {
    return {
      kind: 'retry',
      error: `${status} ${wording.recipient} overloaded; slowing down${hint}`,
      vendorStatus: status,
      retryAfterMs,
    };
  }
  if (status >= 500) {
    return {
      kind: 'retry',
      error: `${status} ${wording.recipient} error${hint}`,
      vendorStatus: status,
      retryAfterMs,
    };
  }
  if (status >= 300 && status < 400) {
    return {
      kind: 'failed',
      error: `${status} redirect from the ${wording.recipient}; redirects are not followed, update the URL`,
      vendorStatus: status,
    };
  }
  return {
    kind: 'failed',
    error: `${status} ${wording.recipient} refused the notification`,
    vendorStatus: status,
  };
}

/**
 * True when the outcome means the endpoint answered 410 Gone: Standard Webhooks says
 * to stop sending to it. Pure, so the host and the dashboard can ask it of any task.
 */
export function isPartnerDisabled(outcome: ActionOutcome): boolean {
  return outcome.kind === 'failed' && outcome.disable === true;
}
