import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { HubEndpoint } from '../support/hub-client.ts';

/** An answer with its raw text kept, so tests can check what it echoes. */
export interface RawAnswer {
  status: number;
  text: string;
  json: Record<string, unknown> | undefined;
  contentType: string | null;
}

async function toAnswer(response: Response): Promise<RawAnswer> {
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, contentType: response.headers.get('content-type') };
}

/** Standard Webhooks headers for `payload`, as an upstream system signs it. */
export function signatureHeaders(
  secret: string,
  payload: string,
  options: { webhookId?: string; timestamp?: Date } = {},
): Record<string, string> {
  const id = options.webhookId ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? new Date();
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, timestamp, payload),
  };
}

/**
 * Posts `payload` to `POST /v1/requests` exactly as given, correctly signed unless `headers`
 * overrides the signature headers; `undefined` header values are left out.
 */
export async function postRequest(
  hub: HubEndpoint,
  payload: string,
  options: {
    contentType?: string | undefined;
    headers?: Record<string, string | undefined>;
    webhookId?: string;
    timestamp?: Date;
  } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string | undefined> = {
    'content-type': 'contentType' in options ? options.contentType : 'application/json',
    ...signatureHeaders(hub.secrets.HUB_INGEST_SECRET, payload, options),
    ...options.headers,
  };
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) sent[name] = value;
  return toAnswer(
    await fetch(`${hub.url}/v1/requests`, { method: 'POST', headers: sent, body: payload }),
  );
}

/** Any call to the hub, with or without a bearer token. */
export async function call(
  hub: HubEndpoint,
  method: string,
  path: string,
  options: { authorization?: string; body?: string } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  return toAnswer(await fetch(`${hub.url}${path}`, { method, headers, body: options.body }));
}

/** What a raw HTTP/1.1 exchange came to. */
export interface RawExchange {
  /** The first line of the answer, e.g. `HTTP/1.1 413 Payload Too Large`. */
  statusLine: string;
  /** Body bytes written before the hub closed the connection or we stopped. */
  bodyBytesSent: number;
  /** Whether the hub closed the connection by itself. */
  closedByHub: boolean;
  elapsedMs: number;
}

/**
 * Sends a request head and then up to `totalBytes` of body over a raw socket, without
 * waiting for anyone, the way a hostile client floods a server. `chunked` frames the body
 * with Transfer-Encoding instead of a Content-Length; `declaredLength` lies about it.
 * `stopAfterBytes` pauses the upload there, so only a server that answers without reading
 * the rest can answer at all.
 */
export function floodRequest(
  url: string,
  options: {
    path: string;
    totalBytes: number;
    chunked?: boolean;
    declaredLength?: number;
    stopAfterBytes?: number;
    timeoutMs?: number;
  },
): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    let sent = 0;
    let finished = false;
    const finish = (closedByHub: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({
        statusLine: received.split('\r\n')[0] ?? '',
        bodyBytesSent: sent,
        closedByHub,
        elapsedMs: Date.now() - started,
      });
    };
    const timer = setTimeout(() => finish(false), options.timeoutMs ?? 5000);
    const limit = Math.min(options.totalBytes, options.stopAfterBytes ?? options.totalBytes);
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    const pump = () => {
      while (!finished && sent < limit) {
        const piece = chunk.subarray(0, Math.min(chunk.length, limit - sent));
        sent += piece.length;
        const framed = options.chunked
          ? Buffer.concat([
              Buffer.from(`${piece.length.toString(16)}\r\n`),
              piece,
              Buffer.from('\r\n'),
            ])
          : piece;
        if (!socket.write(framed)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    socket.on('connect', () => {
      const length = options.chunked
        ? 'Transfer-Encoding: chunked'
        : `Content-Length: ${options.declaredLength ?? options.totalBytes}`;
      socket.write(
        `POST ${options.path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n${length}\r\n\r\n`,
      );
      pump();
    });
    socket.on('data', (data) => {
      received += data.toString('latin1');
    });
    // A write after the hub closed fails with EPIPE or ECONNRESET: the hub hung up.
    socket.on('error', () => finish(true));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
  });
}

/** A GET with a path sent byte for byte, not normalized as fetch would (`/../x`). */
export function rawGet(url: string, path: string): Promise<{ statusLine: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
    });
    let received = '';
    socket.on('data', (data) => {
      received += data.toString('latin1');
    });
    socket.on('end', () => {
      const [head = '', ...rest] = received.split('\r\n\r\n');
      resolve({ statusLine: head.split('\r\n')[0] ?? '', body: rest.join('\r\n\r\n') });
    });
    socket.on('error', reject);
  });
}
