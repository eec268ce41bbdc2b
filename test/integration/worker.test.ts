import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitRequest } from '../../core/intake.ts';
import { systemClock, type TaskMessage, type WorkQueue } from '../../core/ports.ts';
import { documentClient } from '../../functions/aws/clients.ts';
import { DynamoRequestStore } from '../../functions/aws/dynamo-request-store.ts';
import { type RunningHub, startHub } from '../../local/hub.ts';
import { erasureOf, getJson, sandboxAdmin, submit, waitForRequest } from '../support/hub-client.ts';

let hub: RunningHub;

beforeAll(async () => {
  hub = await startHub({
    port: 0,
    env: {
      HUB_RETRY_SCHEDULE: '1,1,1',
      HUB_INTEGRATIONS: 'auth0,stripe,github',
      HUB_PICKUP_GRACE_SECONDS: '1',
    },
    reconcileEveryMs: 500,
  });
});
afterAll(() => hub?.stop());

type Event = { at: string; type: string; integration: string | null; vendorStatus: number | null };

async function events(id: string): Promise<Event[]> {
  return (await getJson(hub, `/v1/requests/${id}/events`)).body.items;
}

describe('the worker against sandbox vendors', () => {
  it('counts a 404 on a repeated delete as done', async () => {
    const first = erasureOf('grace@example.com', { integrations: ['stripe'] });
    await submit(hub, first);
    expect((await waitForRequest(hub, first.id)).status).toBe('completed');

    const repeat = {
      ...erasureOf('grace@example.com', { integrations: ['stripe'] }),
      subject: { ids: { stripe: 'cus_SbxGrace000001' } },
    };
    await submit(hub, repeat);
    const done = await waitForRequest(hub, repeat.id);
    expect(done.tasks[0].status).toBe('acknowledged');
    expect((await events(repeat.id)).some((e) => e.vendorStatus === 404)).toBe(true);
  });

  it('retries a 429 only after its Retry-After', async () => {
    await sandboxAdmin(hub, 'github', 'script', {
      method: 'GET',
      pathIncludes: '/search/users',
      status: 429,
      headers: { 'retry-after': '2' },
      body: { message: 'API rate limit exceeded' },
    });
    const body = erasureOf('grace@example.com', { integrations: ['github'] });
    await submit(hub, body);
    const done = await waitForRequest(hub, body.id);
    expect(done.status).toBe('completed');
    const trail = await events(body.id);
    const limited = trail.find((e) => e.vendorStatus === 429);
    const acknowledged = trail.find((e) => e.type === 'acknowledged');
    expect(limited && acknowledged).toBeTruthy();
    const waited = Date.parse(acknowledged?.at ?? '') - Date.parse(limited?.at ?? '');
    expect(waited).toBeGreaterThanOrEqual(2000);
    expect(done.tasks[0].attempts).toBe(2);
  });

  it('re-sends a message the queue never got, from the reconciler', async () => {
    const lost: TaskMessage[] = [];
    const losingQueue: WorkQueue = { send: async (message) => void lost.push(message) };
    const body = erasureOf('nobody-lost@example.com', { integrations: ['auth0'] });
    await submitRequest(body as Parameters<typeof submitRequest>[0], 'msg_lost', {
      store: new DynamoRequestStore(documentClient(), hub.env.HUB_TABLE as string),
      queue: losingQueue,
      clock: systemClock,
      enabled: new Map([['auth0', { name: 'auth0', supports: ['erasure'] as const }]]),
      emailHashKey: 'k',
      pickupGraceMs: 500,
    });
    expect(lost).toHaveLength(1);
    const done = await waitForRequest(hub, body.id, 15_000);
    expect(done.status).toBe('completed');
    expect(done.tasks[0].attempts).toBeGreaterThanOrEqual(1);
  });
});
