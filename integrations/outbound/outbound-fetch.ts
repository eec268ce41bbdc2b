import type { LookupAddress, LookupOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import type { Env } from '../contract.ts';
import { readAllowPrivateTargets } from './env.ts';
import {
  assertPublicUrl,
  bareHostname,
  type HostResolver,
  resolvePublicAddresses,
  systemResolver,
} from './target-policy.ts';

export interface OutboundFetchOptions {
  /**
   * HUB_ALLOW_PRIVATE_TARGETS=1: allow plain http and loopback or private addresses.
   * @default false
   */
  allowPrivateTargets?: boolean;
  /**
   * How host names become addresses at connect time; tests inject one.
   * @default the operating system's resolver
   */
  resolve?: HostResolver;
  /**
   * Upper bound for one exchange, on top of the caller's own signal. Standard Webhooks
   * recommends 15–30 s for a receiver to answer.
   * @default 30000
   */
  timeoutMs?: number;
}

// Statuses whose response must not carry a body (Fetch standard "null body status").
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetch` for partner and callback URLs that cannot be steered into the hub's own
 * network: the URL must be https to a public host, and the host's addresses are
 * checked again when the socket connects, so a DNS answer that changes between the
 * check and the connection (rebinding) is refused too. Redirects are never
 * followed: a 3xx is returned as it is, for the caller to treat as a failure.
 */
export function createOutboundFetch(options: OutboundFetchOptions = {}): typeof fetch {
  const allowPrivate = options.allowPrivateTargets ?? false;
  const lookup = guardedLookup(options.resolve ?? systemResolver, allowPrivate);
  const timeoutMs = options.timeoutMs ?? 30_000;

  return async function outboundFetch(input, init) {
    const request = new Request(input, init);
    const url = assertPublicUrl(request.url, allowPrivate);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    headers['user-agent'] ??= 'dsr-hub';
    if (body) headers['content-length'] = String(body.length);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const requestOptions: RequestOptions = {
      method: request.method,
      host: bareHostname(url),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      headers,
      lookup,
      // A fresh connection each time: a pooled socket would skip the connect-time check.
      agent: false,
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]),
    };
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = send(requestOptions, resolve);
      outgoing.on('error', reject);
      outgoing.end(body);
    });
    return toFetchResponse(response);
  };
}

/** `createOutboundFetch` set up from HUB_ALLOW_PRIVATE_TARGETS. */
export function outboundFetchFromEnv(env: Env): typeof fetch {
  return createOutboundFetch({ allowPrivateTargets: readAllowPrivateTargets(env) });
}

// Node calls `lookup` while connecting, after the URL check: this is the check that counts.
function guardedLookup(resolve: HostResolver, allowPrivate: boolean): LookupFunction {
  return function lookupPublicAddress(hostname, options: LookupOptions, callback) {
    resolvePublicAddresses(hostname, allowPrivate, resolve).then(
      (resolved) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const addresses: LookupAddress[] = family
          ? resolved.filter((entry) => entry.family === family)
          : resolved;
        const first = addresses[0];
        if (!first) {
          const error: NodeJS.ErrnoException = new Error(`${hostname} has no IPv${family} address`);
          error.code = 'ENOTFOUND';
          callback(error, '', 0);
        } else if (options.all) {
          callback(null, addresses);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

function toFetchResponse(incoming: IncomingMessage): Response {
  const status = incoming.statusCode ?? 502;
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const init = { status, statusText: incoming.statusMessage ?? '', headers };
  if (NULL_BODY_STATUSES.has(status)) {
    incoming.resume();
    return new Response(null, init);
  }
  return new Response(Readable.toWeb(incoming) as ReadableStream<Uint8Array>, init);
}
