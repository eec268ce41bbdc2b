import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** Where an upstream system posts, and the secret it signs with. */
export interface IntakeEndpoint {
  url: string;
  ingestSecret: string;
}

/**
 * Signs and posts one request as an upstream system does (Standard Webhooks) and reads the
 * answer to its end; returns the status only, the body is not parsed.
 */
export async function submitSigned(endpoint: IntakeEndpoint, body: unknown): Promise<number> {
  const payload = JSON.stringify(body);
  const id = `msg_${randomUUID()}`;
  const timestamp = new Date();
  const signature = new Webhook(endpoint.ingestSecret).sign(id, timestamp, payload);
  const response = await fetch(`${endpoint.url}/v1/requests`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body: payload,
  });
  await response.arrayBuffer();
  return response.status;
}
