import { Webhook } from 'standardwebhooks';
import type { ActionOutcome } from '../../core/outcome.ts';
import type { VendorFetch } from '../contract.ts';
import { assertPublicUrl, isOutboundRefusal } from '../outbound/target-policy.ts';
import { type DeliveryWording, deliveryOutcome } from './delivery-outcome.ts';

/** Where a signed webhook goes and the secret it is signed with. */
export interface WebhookEndpoint {
  url: string;
  /** Standard Webhooks secret, `whsec_…`. */
  secret: string;
  /** HUB_ALLOW_PRIVATE_TARGETS=1. */
  allowPrivateTargets: boolean;
}

/** One Standard Webhooks message. */
export interface WebhookMessage {
  /** `webhook-id`: stable across redeliveries of the same message. */
  id: string;
  /** `webhook-timestamp`: when this attempt is made. */
  timestamp: Date;
  payload: unknown;
}

/**
 * POSTs one message signed by the Standard Webhooks scheme and says what the answer
 * means for the task. `fetch` is the host's: it rate-limits, times out, records the
 * exchange and, built over `createOutboundFetch`, refuses private addresses when the
 * socket connects. The URL is checked here too, so a bad one fails without a request.
 */
export async function deliverWebhook(
  endpoint: WebhookEndpoint,
  fetch: VendorFetch,
  message: WebhookMessage,
  wording: DeliveryWording,
): Promise<ActionOutcome> {
  try {
    assertPublicUrl(endpoint.url, endpoint.allowPrivateTargets);
  } catch (error) {
    return refused(error);
  }
  const body = JSON.stringify(message.payload);
  const signature = new Webhook(endpoint.secret).sign(message.id, message.timestamp, body);
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': message.id,
        'webhook-timestamp': String(Math.floor(message.timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      redirect: 'manual',
    });
  } catch (error) {
    // A refused address will not change by retrying; anything else (timeouts, resets) may.
    if (isOutboundRefusal(error)) return refused(error);
    throw error;
  }
  await response.body?.cancel().catch(() => undefined);
  return deliveryOutcome(
    response.status,
    response.headers.get('retry-after'),
    message.timestamp,
    wording,
  );
}

function refused(error: unknown): ActionOutcome {
  return { kind: 'failed', error: `notification URL refused: ${(error as Error).message}` };
}
