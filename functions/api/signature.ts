import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { Problem } from './problem.ts';

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
  if (!webhookId || !headers['webhook-signature'] || !headers['webhook-timestamp']) {
    throw new Problem(401, 'Missing webhook-id, webhook-timestamp or webhook-signature header');
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
