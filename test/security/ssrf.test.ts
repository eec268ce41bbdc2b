import { lookup } from 'node:dns/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DsrRequest } from '../../core/model.ts';
import { documentClient } from '../../functions/aws/clients.ts';
import { DynamoRequestStore } from '../../functions/aws/dynamo-request-store.ts';
import { type RunningHub, startHub } from '../../local/hub.ts';
import { newWebhookSecret } from '../../local/hub-secrets.ts';
import { getJson, type HubEndpoint, submit, waitForRequest } from '../support/hub-client.ts';
import { type ChildHub, startChildHub } from './child-hub.ts';

/** A callback receiver on loopback (IPv4 and, where there is one, IPv6) that counts everything. */
interface Listener {
  port: number;
  connections: number;
  requests: { method?: string; url?: string }[];
  close(): Promise<void>;
}

async function listen(
  answer: (port: number) => [number, Record<string, string>],
): Promise<Listener> {
  const servers: Server[] = [];
  const listener: Listener = {
    port: 0,
    connections: 0,
    requests: [],
    async close() {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
  const serve = () => {
    const server = createServer((req, res) => {
      listener.requests.push({ method: req.method, url: req.url });
      req.resume();
      const [status, headers] = answer(listener.port);
      res.writeHead(status, headers).end();
    });
    server.on('connection', () => {
      listener.connections++;
    });
    return server;
  };
  const v4 = serve();
  await new Promise<void>((resolve) => v4.listen(0, '127.0.0.1', resolve));
  servers.push(v4);
  listener.port = (v4.address() as AddressInfo).port;
  const v6 = serve();
  const v6Up = await new Promise<boolean>((resolve) => {
    v6.once('error', () => resolve(false));
    v6.listen(listener.port, '::1', () => resolve(true));
  });
  if (v6Up) servers.push(v6);
  return listener;
}

/** A host name this machine resolves to loopback only, other than `localhost` itself. */
async function loopbackName(): Promise<string> {
  for (const name of [hostname(), 'ip6-localhost', 'ip6-loopback', 'localhost.localdomain']) {
    const addresses = await lookup(name, { all: true }).catch(() => []);
    const loopback = (address: string) => /^127\./.test(address) || address === '::1';
    if (addresses.length > 0 && addresses.every((entry) => loopback(entry.address))) return name;
  }
  throw new Error('no host name resolves to loopback here (tried the hostname and ip6-localhost)');
}

const erasureWithCallback = (id: string, callbackUrl: string) => ({
  id,
  type: 'erasure',
  subject: { email: `nobody-${id}@example.com` },
  integrations: ['auth0'],
  callbackUrl,
});

const eventTypes = async (hub: HubEndpoint, id: string): Promise<string[]> =>
  (await getJson(hub, `/v1/requests/${id}/events`)).body.items.map((e: { type: string }) => e.type);

describe('callbacks with HUB_ALLOW_PRIVATE_TARGETS=0', () => {
  let hub: RunningHub;
  let listener: Listener;
  let targets: [string, string][];
  const accepted: string[] = [];

  beforeAll(async () => {
    listener = await listen(() => [204, {}]);
    const port = listener.port;
    targets = [
      ['loopback', `https://127.0.0.1:${port}/cb`],
      ['plain http to loopback', `http://127.0.0.1:${port}/cb`],
      ['a private address', 'https://10.0.0.1/cb'],
      ['the IPv4-mapped loopback', `https://[::ffff:127.0.0.1]:${port}/cb`],
      ['the IPv6 loopback', `https://[::1]:${port}/cb`],
      ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data/'],
      ['a decimal loopback', `https://2130706433:${port}/cb`],
      ['localhost', `https://localhost:${port}/cb`],
      ['a name resolving to loopback', `https://${await loopbackName()}:${port}/cb`],
    ];
    hub = await startHub({
      port: 0,
      reconcileEveryMs: 500,
      env: {
        HUB_INTEGRATIONS: 'auth0',
        HUB_ALLOW_PRIVATE_TARGETS: '0',
        // Configured partners and contacts keep their sandboxes, which need private targets, off.
        HUB_PARTNERS: '[]',
        HAPPYFOX_CONTACT_WEBHOOK_URL: 'https://happyfox-contact.example/inbox',
        HAPPYFOX_CONTACT_WEBHOOK_SECRET: newWebhookSecret(),
      },
    });
  });
  afterAll(async () => {
    await hub?.stop();
    await listener?.close();
  });

  it('runs with private targets refused', () => {
    expect(hub.env.HUB_ALLOW_PRIVATE_TARGETS).toBe('0');
  });

  it('accepts each request, or refuses its callback URL at once with 422', async () => {
    for (const [index, [, url]] of targets.entries()) {
      const body = erasureWithCallback(`ssrf-${index}`, url);
      const answer = await submit(hub, body);
      expect([202, 422]).toContain(answer.status);
      if (answer.status === 202) accepted.push(body.id);
      else expect((await getJson(hub, `/v1/requests/${body.id}`)).status).toBe(404);
    }
    for (const id of accepted) expect((await waitForRequest(hub, id)).status).toBe('completed');
  });

  it('never reaches the target, and keeps refusing or records callback_failed', async () => {
    const store = new DynamoRequestStore(documentClient(), hub.env.HUB_TABLE as string);
    const refusals = async () => {
      const states = await Promise.all(accepted.map((id) => store.get(id)));
      return states.map((request) => (request as DsrRequest).callback);
    };
    // The first try is due at completion, the second 5 s later (the webhook schedule).
    const deadline = Date.now() + 15_000;
    while ((await refusals()).some((callback) => callback && callback.attempts < 2)) {
      if (Date.now() > deadline) throw new Error(JSON.stringify(await refusals()));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    for (const [index, id] of accepted.entries()) {
      const types = await eventTypes(hub, id);
      expect(types, targets[index]?.[0]).not.toContain('callback_sent');
      const callback = (await store.get(id))?.callback;
      if (!types.includes('callback_failed')) {
        expect(callback, targets[index]?.[0]).toMatchObject({
          status: 'completed',
          lastError: 'OutboundTargetRefused',
        });
        expect(callback?.attempts).toBeGreaterThanOrEqual(2);
      }
    }
    expect({ connections: listener.connections, requests: listener.requests }).toEqual({
      connections: 0,
      requests: [],
    });
  });
});

describe('callbacks with private targets allowed (the control)', () => {
  let hub: ChildHub;
  let receiver: Listener;
  let redirected: Listener;

  beforeAll(async () => {
    redirected = await listen(() => [204, {}]);
    receiver = await listen(() => [
      307,
      { location: `http://127.0.0.1:${redirected.port}/stolen` },
    ]);
    hub = await startChildHub({ HUB_INTEGRATIONS: 'auth0' });
  }, 60_000);
  afterAll(async () => {
    await hub?.stop();
    await receiver?.close();
    await redirected?.close();
  });

  it('reaches a loopback receiver, so the refusals above are the guard at work', async () => {
    const direct = await listen(() => [204, {}]);
    try {
      const body = erasureWithCallback('ssrf-control', `http://127.0.0.1:${direct.port}/cb`);
      expect((await submit(hub, body)).status).toBe(202);
      await waitForRequest(hub, body.id);
      const deadline = Date.now() + 15_000;
      while (!(await eventTypes(hub, body.id)).includes('callback_sent')) {
        if (Date.now() > deadline) throw new Error('the control callback never arrived');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(direct.requests).toEqual([{ method: 'POST', url: '/cb' }]);
    } finally {
      await direct.close();
    }
  });

  it('does not follow a redirect from the callback receiver', async () => {
    const body = erasureWithCallback('ssrf-redirect', `http://127.0.0.1:${receiver.port}/cb`);
    expect((await submit(hub, body)).status).toBe(202);
    await waitForRequest(hub, body.id);
    const deadline = Date.now() + 15_000;
    while (receiver.requests.length === 0) {
      if (Date.now() > deadline) throw new Error('the callback was never attempted');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(receiver.requests[0]).toEqual({ method: 'POST', url: '/cb' });
    expect(redirected.connections).toBe(0);
    expect(await eventTypes(hub, body.id)).not.toContain('callback_sent');
  });
});

describe('npm start with an explicit HUB_ALLOW_PRIVATE_TARGETS=0', () => {
  it('does not let the sandbox partners turn private targets back on', async () => {
    const target = await listen(() => [204, {}]);
    let hub: ChildHub | undefined;
    try {
      hub = await startChildHub({ HUB_INTEGRATIONS: 'auth0', HUB_ALLOW_PRIVATE_TARGETS: '0' });
    } catch (error) {
      // Refusing to start (the sandbox partner's http URL is not allowed) honours it too.
      expect(String(error)).toMatch(/HUB_ALLOW_PRIVATE_TARGETS|https|private/i);
      await target.close();
      return;
    }
    try {
      const body = erasureWithCallback('ssrf-explicit', `http://127.0.0.1:${target.port}/cb`);
      const answer = await submit(hub, body);
      expect([202, 422]).toContain(answer.status);
      if (answer.status === 202) await waitForRequest(hub, body.id);
      // Two reconciler periods: the first callback try is due at completion.
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      expect(target.connections).toBe(0);
    } finally {
      await hub.stop();
      await target.close();
    }
  }, 60_000);
});
