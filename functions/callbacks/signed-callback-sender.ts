import { Webhook } from 'standardwebhooks';
import type { CallbackSender } from '../../core/callbacks.ts';
import { isOutboundRefusal } from '../../integrations/outbound/target-policy.ts';

/** Posts the request resource to upstream, signed with the ingest secret, through the SSRF guard. */
export function signedCallbackSender(secret: string, outboundFetch: typeof fetch): CallbackSender {
  const webhook = new Webhook(secret);
  return {
    async send(url, body, webhookId) {
      const payload = JSON.stringify(body);
      const timestamp = new Date();
      try {
        const response = await outboundFetch(url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(15_000),
          headers: {
            'content-type': 'application/json',
            'webhook-id': webhookId,
            'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
            'webhook-signature': webhook.sign(webhookId, timestamp, payload),
          },
          body: payload,
        });
        await response.body?.cancel();
        return { status: response.status };
      } catch (error) {
        return {
          error: error instanceof Error ? error.name : 'network error',
          refused: isOutboundRefusal(error),
        };
      }
    },
  };
}
