import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifyFailure } from '../../core/failure.ts';
import type { ActionOutcome } from '../../core/outcome.ts';
import { type VendorExchange, withVendorCallScope } from '../../core/vendor-call.ts';
import type { ActionInput } from '../contract.ts';

/**
 * Test support shared by the partner and HappyFox Chat tests; not loaded by the hub.
 */

/** Stands in for the hub's `POST /v1/acks/{token}`: records what recipients confirm. */
export interface AckInbox {
  baseUrl: string;
  received: { token: string; body: unknown }[];
  close(): Promise<void>;
}

export async function startAckInbox(): Promise<AckInbox> {
  const received: AckInbox['received'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ token: (req.url ?? '').replace('/v1/acks/', ''), body: JSON.parse(body) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** What one action came to: its outcome, or the host's classification of what it threw. */
export type ActionResult =
  | { outcome: ActionOutcome }
  | { thrown: ReturnType<typeof classifyFailure> };

/** Runs one action the way the worker does: inside a vendor-call scope that records exchanges. */
export async function runAction(
  action: () => Promise<ActionOutcome>,
  input: ActionInput,
): Promise<ActionResult> {
  const exchanges: VendorExchange[] = [];
  try {
    return { outcome: await withVendorCallScope(AbortSignal.timeout(10_000), exchanges, action) };
  } catch (error) {
    return { thrown: classifyFailure(error, exchanges, input.now, String(error)) };
  }
}

/** Polls until `done` holds or three seconds pass, then returns the last value. */
export async function eventually<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  const until = Date.now() + 3000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
