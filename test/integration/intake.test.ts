import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../local/hub.ts';
import { erasureOf, getJson, sandboxAdmin, submit } from '../support/hub-client.ts';

let hub: RunningHub;

beforeAll(async () => {
  hub = await startHub({ port: 0, env: { HUB_INTEGRATIONS: 'auth0,stripe,github' } });
});
afterAll(() => hub?.stop());

async function countVendorCalls(): Promise<number> {
  let total = 0;
  for (const name of ['auth0', 'stripe', 'github']) {
    total += ((await sandboxAdmin(hub, name, 'requests')) as { items: unknown[] }).items.length;
  }
  return total;
}

/**
 * Requests the sandboxes saw, once earlier tests' work has drained: nothing may
 * reach a vendor for refused input.
 */
async function vendorCalls(): Promise<number> {
  let previous = -1;
  for (;;) {
    const current = await countVendorCalls();
    if (current === previous) return current;
    previous = current;
    await new Promise((resolve) => setTimeout(resolve, 700));
  }
}

describe('POST /v1/requests', () => {
  it('answers a repeat of the same request with 200 and changes nothing', async () => {
    const body = erasureOf('nobody-repeat@example.com');
    const first = await submit(hub, body);
    expect(first.status).toBe(202);
    const again = await submit(hub, body);
    expect(again.status).toBe(200);
    expect(again.body.receivedAt).toBe(first.body.receivedAt);
    const events = await getJson(hub, `/v1/requests/${body.id}/events`);
    expect(events.body.items.filter((e: { type: string }) => e.type === 'received')).toHaveLength(
      1,
    );
  });

  it('refuses the same id with a different body with 409', async () => {
    const body = erasureOf('conflict@example.com');
    expect((await submit(hub, body)).status).toBe(202);
    const changed = await submit(hub, { ...body, subject: { email: 'other@example.com' } });
    expect(changed.status).toBe(409);
    expect(changed.headers.get('content-type')).toBe('application/problem+json');
    const stored = await getJson(hub, `/v1/requests/${body.id}`);
    expect(stored.body.subject.email).toBe('c***@example.com');
  });

  it('treats a replayed webhook-id like a repeat, and refuses it with another body', async () => {
    const body = erasureOf('replay@example.com');
    const webhookId = `msg_replay_${Date.now()}`;
    expect((await submit(hub, body, { webhookId })).status).toBe(202);
    expect((await submit(hub, body, { webhookId })).status).toBe(200);
    const other = erasureOf('replay-other@example.com');
    expect((await submit(hub, other, { webhookId })).status).toBe(409);
    expect((await getJson(hub, `/v1/requests/${other.id}`)).status).toBe(404);
  });

  it('refuses a bad signature with 401 and stores nothing', async () => {
    const body = erasureOf('forged@example.com');
    const before = await vendorCalls();
    const forged = await submit(hub, body, { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
    expect(forged.status).toBe(401);
    expect(forged.body.title).toBe('Unauthorized');
    const stale = await submit(hub, body, { timestamp: new Date(Date.now() - 10 * 60_000) });
    expect(stale.status).toBe(401);
    expect((await getJson(hub, `/v1/requests/${body.id}`)).status).toBe(404);
    expect(await vendorCalls()).toBe(before);
  });

  it.each([
    ['malformed JSON', undefined, '{"id": "x",'],
    ['an unknown type', { ...erasureOf('a@example.com'), type: 'portability' }, undefined],
    ['an unknown property', { ...erasureOf('a@example.com'), extra: 1 }, undefined],
    ['no identifier', { ...erasureOf('a@example.com'), subject: {} }, undefined],
    ['a bad id', { ...erasureOf('a@example.com'), id: '../etc/passwd' }, undefined],
    ['changes on an erasure', { ...erasureOf('a@example.com'), changes: { name: 'A' } }, undefined],
    [
      'a rectification without changes',
      { ...erasureOf('a@example.com'), type: 'rectification' },
      undefined,
    ],
  ])('refuses %s with 400 problem+json and stores nothing', async (_case, body, raw) => {
    const before = await vendorCalls();
    const answer = await submit(hub, body, { raw });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ status: 400, title: 'Bad Request' });
    const id = (body as { id?: string } | undefined)?.id;
    if (id) expect((await getJson(hub, `/v1/requests/${encodeURIComponent(id)}`)).status).toBe(404);
    expect(await vendorCalls()).toBe(before);
  });

  it('names the fields the schema refused', async () => {
    const answer = await submit(hub, { ...erasureOf('a@example.com'), type: 'portability' });
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'type' })]),
    );
  });

  it('refuses a body over 64 KiB with 413 and a non-JSON body with 415', async () => {
    const big = erasureOf('big@example.com', {
      callbackUrl: `https://example.com/${'a'.repeat(70_000)}`,
    });
    expect((await submit(hub, big)).status).toBe(413);
    const text = await submit(hub, erasureOf('text@example.com'), { contentType: 'text/plain' });
    expect(text.status).toBe(415);
  });

  it('refuses an integration that is known but not enabled with 422', async () => {
    const body = erasureOf('disabled@example.com', { integrations: ['facebook'] });
    const answer = await submit(hub, body);
    expect(answer.status).toBe(422);
    expect((await getJson(hub, `/v1/requests/${body.id}`)).status).toBe(404);
  });

  it('shows a request only to the ops and compliance tokens', async () => {
    const body = erasureOf('roles@example.com');
    await submit(hub, body);
    expect(
      (await getJson(hub, `/v1/requests/${body.id}`, hub.secrets.HUB_COMPLIANCE_TOKEN)).status,
    ).toBe(200);
    const anonymous = await fetch(`${hub.url}/v1/requests/${body.id}`);
    expect(anonymous.status).toBe(401);
    expect((await getJson(hub, `/v1/requests/${body.id}`, 'not-a-token')).status).toBe(401);
  });
});
