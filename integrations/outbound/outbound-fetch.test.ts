import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundFetch } from './outbound-fetch.ts';
import {
  assertPublicUrl,
  type HostResolver,
  OutboundTargetRefused,
  resolvePublicAddresses,
} from './target-policy.ts';

const PUBLIC_ADDRESS = '93.184.216.34';
const servers: (HttpServer | TcpServer)[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    if ('closeAllConnections' in server) server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A TCP listener on 127.0.0.1 that counts connections: proof that nothing reached it. */
async function connectionCounter(): Promise<{ port: number; connections: () => number }> {
  let count = 0;
  const server = createTcpServer((socket) => {
    count++;
    socket.destroy();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, connections: () => count };
}

async function httpServer(handler: Parameters<typeof createHttpServer>[1]): Promise<number> {
  const server = createHttpServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const answers =
  (...addresses: string[]): HostResolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('createOutboundFetch without private targets', () => {
  it.each([
    ['loopback', (port: number) => `https://127.0.0.1:${port}/hook`],
    ['IPv4-mapped loopback', (port: number) => `https://[::ffff:127.0.0.1]:${port}/hook`],
    ['IPv6 loopback', (port: number) => `https://[::1]:${port}/hook`],
    ['unspecified', (port: number) => `https://0.0.0.0:${port}/hook`],
    ['decimal loopback', (port: number) => `https://2130706433:${port}/hook`],
    ['plain http', (port: number) => `http://partner.example:${port}/hook`],
    ['localhost', (port: number) => `https://localhost:${port}/hook`],
  ])('refuses a %s URL before connecting', async (_label, url) => {
    const target = await connectionCounter();
    const outbound = createOutboundFetch({ resolve: answers('127.0.0.1') });

    await expect(outbound(url(target.port), { method: 'POST', body: '{}' })).rejects.toThrow(
      OutboundTargetRefused,
    );
    expect(target.connections()).toBe(0);
  });

  it.each([
    'https://169.254.169.254/latest/meta-data/',
    'https://10.0.0.8/hook',
    'https://192.168.1.20/hook',
    'https://100.64.0.1/hook',
    'https://[fe80::1]/hook',
    'https://[fd00::1]/hook',
    'https://224.0.0.1/hook',
  ])('refuses %s', async (url) => {
    const outbound = createOutboundFetch();
    await expect(outbound(url)).rejects.toThrow(OutboundTargetRefused);
  });

  it.each([
    ['a private address', ['10.0.0.5']],
    ['loopback', ['127.0.0.1']],
    ['link-local', ['169.254.169.254']],
    ['an IPv4-mapped loopback', ['::ffff:127.0.0.1']],
    ['a public and a private address', [PUBLIC_ADDRESS, '127.0.0.1']],
  ])('refuses a host name that resolves to %s', async (_label, addresses) => {
    const target = await connectionCounter();
    const outbound = createOutboundFetch({ resolve: answers(...addresses) });

    const attempt = outbound(`https://partner.example:${target.port}/hook`, { method: 'POST' });

    await expect(attempt).rejects.toThrow(/not a public address/);
    expect(target.connections()).toBe(0);
  });

  it('refuses a host whose DNS answer turns private between the check and the connection', async () => {
    const target = await connectionCounter();
    let lookups = 0;
    const rebinding: HostResolver = async () => {
      lookups++;
      return lookups === 1
        ? [{ address: PUBLIC_ADDRESS, family: 4 }]
        : [{ address: '127.0.0.1', family: 4 }];
    };
    const url = `https://rebind.example:${target.port}/hook`;
    const outbound = createOutboundFetch({ resolve: rebinding });

    // Parse time: the host looks public.
    assertPublicUrl(url, false);
    await expect(resolvePublicAddresses('rebind.example', false, rebinding)).resolves.toEqual([
      { address: PUBLIC_ADDRESS, family: 4 },
    ]);
    // Connect time: the same name now answers 127.0.0.1, where a listener is waiting.
    await expect(outbound(url, { method: 'POST', body: '{}' })).rejects.toThrow(
      /127\.0\.0\.1, which is not a public address/,
    );

    expect(lookups).toBe(2);
    expect(target.connections()).toBe(0);
  });
});

describe('createOutboundFetch with private targets allowed', () => {
  it('reaches a local http server and passes method, headers and body', async () => {
    let seen: { method?: string; path?: string; signature?: string; body?: string } = {};
    const port = await httpServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen = {
          method: req.method,
          path: req.url,
          signature: req.headers['webhook-signature'] as string,
          body,
        };
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"received":true}');
      });
    });
    const outbound = createOutboundFetch({ allowPrivateTargets: true });

    const response = await outbound(`http://127.0.0.1:${port}/hooks/dsr?v=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-signature': 'v1,abc' },
      body: '{"type":"dsr.erasure"}',
    });

    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ received: true });
    expect(seen).toEqual({
      method: 'POST',
      path: '/hooks/dsr?v=1',
      signature: 'v1,abc',
      body: '{"type":"dsr.erasure"}',
    });
  });

  it('reaches a host name that resolves to loopback', async () => {
    const port = await httpServer((_req, res) => res.writeHead(204).end());
    const outbound = createOutboundFetch({
      allowPrivateTargets: true,
      resolve: answers('127.0.0.1'),
    });

    const response = await outbound(`http://partner.internal:${port}/hook`, { method: 'POST' });

    expect(response.status).toBe(204);
  });

  it('does not follow a redirect', async () => {
    const paths: string[] = [];
    const port = await httpServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(302, { location: '/elsewhere' }).end();
    });
    const outbound = createOutboundFetch({ allowPrivateTargets: true });

    const response = await outbound(`http://127.0.0.1:${port}/hook`, {
      method: 'POST',
      redirect: 'follow',
    });

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/elsewhere');
    expect(paths).toEqual(['/hook']);
  });

  it('gives up on a receiver that never answers', async () => {
    const port = await httpServer(() => {});
    const outbound = createOutboundFetch({ allowPrivateTargets: true, timeoutMs: 100 });

    await expect(outbound(`http://127.0.0.1:${port}/hook`)).rejects.toThrow();
  });
});

describe('assertPublicUrl', () => {
  it.each([
    ['ftp://partner.example/hook', true],
    ['https://user:secret@partner.example/hook', false],
    ['not a url', true],
  ])('refuses %s', (url, allowPrivate) => {
    expect(() => assertPublicUrl(url, allowPrivate)).toThrow(OutboundTargetRefused);
  });

  it('accepts https to a public name or address', () => {
    expect(assertPublicUrl('https://partner.example/hook', false).host).toBe('partner.example');
    expect(assertPublicUrl('https://[2606:4700:4700::1111]/hook', false).port).toBe('');
  });

  it('names the host but never the path, which may hold an ack token', () => {
    expect(() => assertPublicUrl('http://127.0.0.1/v1/acks/tok_secret', false)).toThrow(
      /^127\.0\.0\.1: the URL must use https$/,
    );
  });
});
