import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { json, parseJson, type SandboxRequest } from '../sandbox-kit/http.ts';
import type { VendorBehaviour } from '../sandbox-kit/server.ts';

/** A fresh Standard Webhooks secret: `whsec_` and base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export interface WebhookReceiverOptions {
  /** Vendor name in the sandbox's errors. */
  name: string;
  /** The secret signatures must verify with; anything else gets 401. */
  secret: string;
  /** The one path notifications are POSTed to. */
  path: string;
  /**
   * Confirm each new notification by POSTing `{"status":"completed"}` to its ackUrl.
   * @default true
   */
  autoAck?: boolean;
  /**
   * How long the "person" takes before confirming.
   * @default 200
   */
  ackDelayMs?: number;
  /**
   * Notifications per second before the receiver answers 429.
   * @default 10
   */
  rateLimit?: number;
  /** What the partner does with a new notification just before it confirms. */
  act?(payload: Record<string, unknown>): void;
}

/** One notification the receiver accepted. */
export interface ReceivedNotification {
  webhookId: string;
  receivedAt: string;
  /** A redelivery of a webhook-id seen before: acknowledged again, not acted on again. */
  duplicate: boolean;
  payload: Record<string, unknown>;
}

/** One confirmation the receiver sent to the hub. */
export interface SentAck {
  webhookId: string;
  status?: number;
  error?: string;
}

/** What `GET /__sandbox/state` shows. */
export interface WebhookReceiverState {
  autoAck: boolean;
  deliveries: ReceivedNotification[];
  acks: SentAck[];
}

/** `POST /__sandbox/seed` body: changes the receiver's manners at run time. */
export interface WebhookReceiverSettings {
  autoAck?: boolean;
  ackDelayMs?: number;
}

/**
 * A sandbox partner: verifies Standard Webhooks signatures, records each delivery,
 * drops repeats by webhook-id and, like a diligent partner, confirms through the
 * ack URL a moment later. 410, 429 and 500 answers are scripted through the
 * sandbox kit (`POST /__sandbox/script`).
 */
export function webhookReceiver(options: WebhookReceiverOptions): VendorBehaviour {
  const verifier = new Webhook(options.secret);
  const defaults = { autoAck: options.autoAck ?? true, ackDelayMs: options.ackDelayMs ?? 200 };
  let settings = { ...defaults };
  const deliveries: ReceivedNotification[] = [];
  const acks: SentAck[] = [];
  const pending = new Set<NodeJS.Timeout>();

  function scheduleAck(webhookId: string, ackUrl: string, payload: Record<string, unknown>): void {
    const timer = setTimeout(async () => {
      pending.delete(timer);
      options.act?.(payload);
      const ack: SentAck = { webhookId };
      acks.push(ack);
      try {
        const response = await fetch(ackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ status: 'completed' }),
        });
        ack.status = response.status;
        await response.body?.cancel();
      } catch (error) {
        ack.error = error instanceof Error ? error.message : String(error);
      }
    }, settings.ackDelayMs);
    timer.unref();
    pending.add(timer);
  }

  function receive(request: SandboxRequest) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string') headers[name] = value;
    }
    try {
      verifier.verify(request.body, headers);
    } catch {
      return json(401, { error: 'invalid webhook signature' });
    }
    const payload = parseJson(request.body);
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return json(400, { error: 'body must be a JSON object' });
    }
    const webhookId = headers['webhook-id'] as string;
    const duplicate = deliveries.some((delivery) => delivery.webhookId === webhookId);
    const notification = payload as Record<string, unknown>;
    deliveries.push({
      webhookId,
      receivedAt: new Date().toISOString(),
      duplicate,
      payload: notification,
    });
    const ackUrl = notification.ackUrl;
    if (!duplicate && settings.autoAck && typeof ackUrl === 'string') {
      scheduleAck(webhookId, ackUrl, notification);
    }
    return json(200, { received: true, duplicate });
  }

  return {
    name: options.name,
    rateLimit: options.rateLimit ?? 10,
    rateLimited: (retryAfterMs, withHint) =>
      json(
        429,
        { error: 'too many requests' },
        withHint ? { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) } : {},
      ),
    serverError: () => json(500, { error: 'internal error' }),
    handle(request) {
      if (request.path !== options.path) return json(404, { error: 'not found' });
      if (request.method !== 'POST') return json(405, { error: 'method not allowed' });
      return receive(request);
    },
    seed(data) {
      const next = data as WebhookReceiverSettings;
      if (typeof next.autoAck === 'boolean') settings.autoAck = next.autoAck;
      if (typeof next.ackDelayMs === 'number') settings.ackDelayMs = next.ackDelayMs;
    },
    reset() {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      deliveries.length = 0;
      acks.length = 0;
      settings = { ...defaults };
    },
    state: (): WebhookReceiverState => ({ autoAck: settings.autoAck, deliveries, acks }),
  };
}
