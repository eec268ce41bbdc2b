import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../core/audit.ts';
import { documentClient } from '../../functions/aws/clients.ts';
import { DynamoRequestStore } from '../../functions/aws/dynamo-request-store.ts';
import { type RunningHub, startHub } from '../../local/hub.ts';
import { erasureOf, getJson, sandboxAdmin, submit, waitForRequest } from '../support/hub-client.ts';

let hub: RunningHub;
let receiver: Server;
const callbacks: { headers: Record<string, string>; body: string }[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      callbacks.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hub = await startHub({
    port: 0,
    env: {
      HUB_RETRY_SCHEDULE: '1,1',
      HUB_INTEGRATIONS: 'auth0,stripe,github',
      HUB_ALLOW_PRIVATE_TARGETS: '1',
      HUB_RETENTION_DAYS: String(3 / 86_400),
    },
    reconcileEveryMs: 300,
  });
});
afterAll(async () => {
  await hub?.stop();
  receiver?.close();
});

async function post(path: string, body: unknown, token = hub.secrets.HUB_OPS_TOKEN) {
  const response = await fetch(`${hub.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const failStripeDeletes = () =>
  sandboxAdmin(hub, 'stripe', 'script', {
    method: 'GET',
    pathIncludes: '/v1/customers',
    status: 401,
    body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } },
    times: 1,
  });

describe('ops and compliance', () => {
  it('shows a failed task, and a redrive completes it', async () => {
    await failStripeDeletes();
    const body = erasureOf('grace@example.com', { integrations: ['stripe'] });
    await submit(hub, body);
    const failed = await waitForRequest(hub, body.id);
    expect(failed.status).toBe('needs_attention');
    expect(failed.tasks[0].lastError).toContain('401');

    const integrations = await getJson(hub, '/v1/integrations');
    const stripe = integrations.body.items.find((i: { name: string }) => i.name === 'stripe');
    expect(stripe.counts.failed).toBeGreaterThanOrEqual(1);
    expect(stripe.mode).toBe('automatic');

    const denied = await post(
      '/v1/integrations/stripe/redrive',
      {},
      hub.secrets.HUB_COMPLIANCE_TOKEN,
    );
    expect(denied.status).toBe(403);
    const redrive = await post('/v1/integrations/stripe/redrive', {});
    expect(redrive.status).toBe(202);
    expect(redrive.body.redriven).toBeGreaterThanOrEqual(1);
    expect((await waitForRequest(hub, body.id)).status).toBe('completed');

    const trail = (await getJson(hub, `/v1/requests/${body.id}/events`)).body.items;
    const redriveEvent = trail.find((e: { type: string }) => e.type === 'redrive');
    expect(redriveEvent).toMatchObject({ actor: 'ops', integration: 'stripe' });
    expect(trail.some((e: { vendorStatus: number }) => e.vendorStatus === 401)).toBe(true);
  });

  it('retries one task on request', async () => {
    await failStripeDeletes();
    const body = erasureOf('nobody-retry@example.com', { integrations: ['stripe'] });
    await submit(hub, body);
    expect((await waitForRequest(hub, body.id)).status).toBe('needs_attention');
    const retried = await post(`/v1/requests/${body.id}/tasks/stripe/retry`, {});
    expect(retried.status).toBe(202);
    expect((await waitForRequest(hub, body.id)).status).toBe('completed');
    const again = await post(`/v1/requests/${body.id}/tasks/stripe/retry`, {});
    expect(again.status).toBe(409);
  });

  it('extends a deadline once, with a reason', async () => {
    const body = erasureOf('nobody-extend@example.com', { integrations: ['auth0'] });
    const accepted = await submit(hub, body);
    const extended = await post(`/v1/requests/${body.id}/extension`, {
      months: 2,
      reason: 'complex request',
    });
    expect(extended.status).toBe(200);
    expect(Date.parse(extended.body.deadline)).toBeGreaterThan(Date.parse(accepted.body.deadline));
    expect(extended.body.extension).toMatchObject({ months: 2, reason: 'complex request' });
    const twice = await post(`/v1/requests/${body.id}/extension`, { months: 1, reason: 'again' });
    expect(twice.status).toBe(409);
    const bad = await post(`/v1/requests/${body.id}/extension`, { months: 3, reason: 'too long' });
    expect(bad.status).toBe(400);
  });

  it('lists newest first with filters and a cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const body = erasureOf(`nobody-list-${i}@example.com`, { integrations: ['auth0'] });
      ids.push(body.id);
      await submit(hub, body);
    }
    const first = await getJson(hub, '/v1/requests?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].id).toBe(ids[4]);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await getJson(hub, `/v1/requests?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).toBe(ids[2]);
    const stripeOnly = await getJson(hub, '/v1/requests?integration=stripe&limit=100');
    expect(
      stripeOnly.body.items.every((r: { tasks: { integration: string }[] }) =>
        r.tasks.some((t) => t.integration === 'stripe'),
      ),
    ).toBe(true);
    expect((await getJson(hub, '/v1/requests?overdue=maybe')).status).toBe(400);
    expect((await getJson(hub, '/v1/requests?cursor=bogus')).status).toBe(400);
  });

  it('gives an evidence pack whose chain verifies, and finds a person by email', async () => {
    const body = erasureOf('ada@example.com', { integrations: ['auth0', 'github'] });
    await submit(hub, body);
    await waitForRequest(hub, body.id);
    const pack = await getJson(
      hub,
      `/v1/requests/${body.id}/evidence`,
      hub.secrets.HUB_COMPLIANCE_TOKEN,
    );
    expect(pack.body.chainValid).toBe(true);
    expect(verifyChain(pack.body.events).valid).toBe(true);
    expect(JSON.stringify(pack.body)).not.toContain('ada@example.com');
    const found = await getJson(hub, '/v1/requests?email=ADA@example.com&limit=100');
    expect(found.body.items.map((r: { id: string }) => r.id)).toContain(body.id);
  });

  it('detects an edited audit event', async () => {
    const body = erasureOf('nobody-tamper@example.com', { integrations: ['auth0'] });
    await submit(hub, body);
    await waitForRequest(hub, body.id);
    const store = new DynamoRequestStore(documentClient(), hub.env.HUB_TABLE as string);
    const stored = await store.get(body.id);
    if (!stored?.events[0]) throw new Error('no events');
    stored.events[0].detail = 'edited afterwards';
    await store.replace({ ...stored, version: stored.version + 1 }, stored.version);
    const pack = await getJson(hub, `/v1/requests/${body.id}/evidence`);
    expect(pack.body.chainValid).toBe(false);
    expect(pack.body.brokenAt).toBe(0);
  });

  it('exports the acknowledgement report as CSV and JSON', async () => {
    const json = await getJson(hub, '/v1/reports/acknowledgements?format=json');
    expect(json.body.items.length).toBeGreaterThan(0);
    expect(Object.keys(json.body.items[0])).toEqual([
      'requestId',
      'type',
      'integration',
      'status',
      'attempts',
      'acknowledgedAt',
      'deadline',
      'overdue',
      'verification',
      'evidence',
    ]);
    const response = await fetch(`${hub.url}/v1/reports/acknowledgements?format=csv`, {
      headers: { authorization: `Bearer ${hub.secrets.HUB_COMPLIANCE_TOKEN}` },
    });
    expect(response.headers.get('content-type')).toContain('text/csv');
    const csv = await response.text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'requestId,type,integration,status,attempts,acknowledgedAt,deadline,overdue,verification,evidence',
    );
    expect(lines.length).toBe(json.body.items.length + 1);
    expect(csv).not.toMatch(/[a-z]+@example\.com/);
  });

  it('calls back upstream, signed, when a request completes, then purges its identifiers', async () => {
    const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/dsr-callback`;
    const body = erasureOf('grace@example.com', { integrations: ['auth0'], callbackUrl });
    await submit(hub, body);
    await waitForRequest(hub, body.id);
    const deadline = Date.now() + 10_000;
    while (!callbacks.some((c) => c.body.includes(body.id)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const callback = callbacks.find((c) => c.body.includes(body.id));
    expect(callback).toBeDefined();
    const verified = new Webhook(hub.secrets.HUB_INGEST_SECRET).verify(
      callback?.body ?? '',
      callback?.headers ?? {},
    );
    expect(verified).toMatchObject({ id: body.id, status: 'completed' });

    const store = new DynamoRequestStore(documentClient(), hub.env.HUB_TABLE as string);
    let purged = await store.get(body.id);
    while (!purged?.purgedAt && Date.now() < deadline + 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      purged = await store.get(body.id);
    }
    expect(purged?.purgedAt).toBeDefined();
    expect(purged?.subject).toBeUndefined();
    expect(purged?.emailHash).toBeDefined();
    const trail = (await getJson(hub, `/v1/requests/${body.id}/events`)).body.items.map(
      (e: { type: string }) => e.type,
    );
    expect(trail).toEqual(expect.arrayContaining(['callback_sent', 'purged']));
    const found = await getJson(hub, '/v1/requests?email=grace@example.com&limit=100');
    expect(found.body.items.map((r: { id: string }) => r.id)).toContain(body.id);
  });
});
