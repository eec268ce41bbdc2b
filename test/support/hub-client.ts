import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { RunningHub } from '../../local/hub.ts';

/** What a test needs to talk to a hub, in-process or a child process: its URL and secrets. */
export type HubEndpoint = Pick<RunningHub, 'url' | 'secrets'>;

/** Signs and posts a request body as an upstream system would. */
export async function submit(
  hub: HubEndpoint,
  body: unknown,
  options: {
    webhookId?: string;
    secret?: string;
    timestamp?: Date;
    raw?: string;
    contentType?: string;
  } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const payload = options.raw ?? JSON.stringify(body);
  const id = options.webhookId ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? new Date();
  const signature = new Webhook(options.secret ?? hub.secrets.HUB_INGEST_SECRET).sign(
    id,
    timestamp,
    payload,
  );
  const response = await fetch(`${hub.url}/v1/requests`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body: payload,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    headers: response.headers,
  };
}

export async function getJson(hub: HubEndpoint, path: string, token = hub.secrets.HUB_OPS_TOKEN) {
  const response = await fetch(`${hub.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    headers: response.headers,
  };
}

const SETTLED = new Set(['completed', 'needs_attention']);

/** Polls the request until it is completed or needs attention. */
export async function waitForRequest(
  hub: HubEndpoint,
  id: string,
  timeoutMs = 20_000,
  until = SETTLED,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await getJson(hub, `/v1/requests/${encodeURIComponent(id)}`);
    if (answer.status === 200 && until.has(answer.body.status)) return answer.body;
    if (Date.now() > deadline) {
      throw new Error(`request ${id} still ${JSON.stringify(answer.body)} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function sandboxAdmin(
  hub: RunningHub,
  integration: string,
  path: string,
  body?: unknown,
) {
  const server = hub.sandboxes.get(integration);
  if (!server) throw new Error(`no sandbox for ${integration}`);
  const response = await fetch(`${server.baseUrl}/__sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json() as Promise<any>;
}

export const erasureOf = (email: string, extra: Record<string, unknown> = {}) => ({
  id: `req-${randomUUID()}`,
  type: 'erasure',
  subject: { email },
  ...extra,
});
