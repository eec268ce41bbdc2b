import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { Problem } from './problem.ts';

const MAX_WEBHOOK_ID = 256;

export interface SignedDelivery {
  webhookId: string;
}

/**
 * Checks a Standard Webhooks signature over the raw body, before anything parses
 * it. Several secrets may be valid at once, so a rotation needs no downtime. The
 * library compares in constant time and enforces the ±5 minute window.
 */
export function verifyDelivery(
  rawBody: string,
  headers: Record<string, string | undefined>,
  secrets: readonly string[],
): SignedDelivery {
  const webhookId = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  if (!webhookId || !headers['webhook-signature'] || !timestamp) {
    throw new Problem(401, 'Missing webhook-id, webhook-timestamp or webhook-signature header');
  }
  // The id becomes a DynamoDB key (at most 2048 bytes); the spec's ids are short.
  if (webhookId.length > MAX_WEBHOOK_ID) {
    throw new Problem(400, `webhook-id must be at most ${MAX_WEBHOOK_ID} characters`);
  }
  // The library reads the header with parseInt, so "1700000000.9x" would pass as 1700000000.
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new Problem(401, 'webhook-timestamp must be whole unix seconds');
  }
  let lastReason = 'No matching signature found';
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(rawBody, headers as Record<string, string>, { jsonParse: false });
      return { webhookId };
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      lastReason = error.message;
    }
  }
  throw new Problem(401, `Signature refused: ${lastReason}`);
}
