import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, type FaultPlan, type ScriptedResponse } from './faults.ts';
import { json, type SandboxRequest, type SandboxResponse } from './http.ts';
import { SlidingWindow } from './rate-window.ts';

/** One request as the sandbox saw it; tests read these through `GET /__sandbox/requests`. */
export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  status: number;
  fault?: string;
}

/** The parts that make a sandbox speak like one vendor. */
export interface VendorBehaviour {
  name: string;
  /** Requests per second before the vendor answers 429. */
  rateLimit: number;
  /** The vendor's 429: status, headers and body shape. */
  rateLimited(retryAfterMs: number, withHint: boolean): SandboxResponse;
  /** The vendor's 5xx body shape. */
  serverError(): SandboxResponse;
  /** Answers one API request; state lives in the closure that built it. */
  handle(request: SandboxRequest): Promise<SandboxResponse> | SandboxResponse;
  /** Loads people from a test (`POST /__sandbox/seed`); shape is the vendor's own. */
  seed?(data: unknown): void;
  /** Drops all state, then re-seeds the demo data. */
  reset?(): void;
  /** A snapshot of state for tests (`GET /__sandbox/state`). */
  state?(): unknown;
}

export interface SandboxServerOptions {
  port?: number;
  host?: string;
  /** Added to every answer, to look like a real network hop. */
  latencyMs?: number;
  maxBodyBytes?: number;
}

/**
 * An HTTP server that speaks one vendor's API, with its rate limit, plus an admin
 * surface under `/__sandbox/` to seed data, inject faults and read the request log.
 */
export class SandboxServer {
  readonly log: LoggedRequest[] = [];
  readonly faults = new FaultInjector();
  private readonly scripted: ScriptedResponse[] = [];
  private readonly window: SlidingWindow;
  private server: Server | undefined;
  private latencyMs: number;
  /** Set by `POST /__sandbox/config {"keepData": true}`: acknowledge deletes but keep the data. */
  keepDataOnDelete = false;

  constructor(
    private readonly vendor: VendorBehaviour,
    private readonly options: SandboxServerOptions = {},
  ) {
    this.window = new SlidingWindow(vendor.rateLimit);
    this.latencyMs = options.latencyMs ?? 0;
  }

  get baseUrl(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error(`${this.vendor.name} sandbox is not listening`);
    return `http://127.0.0.1:${address.port}`;
  }

  async listen(): Promise<this> {
    const server = createServer((req, res) => {
      this.dispatch(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve) =>
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve),
    );
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  setRateLimit(perSecond: number): void {
    this.window.limit = perSecond;
  }

  setFaults(plan: FaultPlan | undefined): void {
    this.faults.setPlan(plan);
  }

  script(response: ScriptedResponse): void {
    this.scripted.push({ times: 1, ...response });
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const body = await readBody(req, this.options.maxBodyBytes ?? 1_000_000);
    const request: SandboxRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    if (request.path.startsWith('/__sandbox/')) {
      send(res, this.admin(request));
      return;
    }
    const at = Date.now();
    const entry: LoggedRequest = { at, method: request.method, path: request.path, status: 0 };
    this.log.push(entry);

    const fault = this.faults.draw();
    if (fault === 'reset') {
      entry.fault = fault;
      req.socket.destroy();
      return;
    }
    if (fault === 'hang') {
      entry.fault = fault;
      await delay(this.faults.hangMs);
      req.socket.destroy();
      return;
    }

    let response: SandboxResponse;
    const limited = this.window.take(at);
    if (!limited.ok) {
      response = this.vendor.rateLimited(limited.retryAfterMs, true);
      entry.fault = 'over-limit';
    } else if (fault === 'rateLimit' || fault === 'rateLimitNoHint') {
      entry.fault = fault;
      response = this.vendor.rateLimited(1000, fault === 'rateLimit');
    } else if (fault === 'error500') {
      entry.fault = fault;
      response = this.vendor.serverError();
    } else {
      response = this.takeScripted(request) ?? (await this.vendor.handle(request));
    }
    if (this.latencyMs > 0) await delay(this.latencyMs);
    entry.status = response.status;
    send(res, response);
  }

  private takeScripted(request: SandboxRequest): SandboxResponse | undefined {
    const index = this.scripted.findIndex(
      (s) =>
        (!s.method || s.method === request.method) &&
        (!s.pathIncludes || request.path.includes(s.pathIncludes)),
    );
    if (index < 0) return undefined;
    const match = this.scripted[index] as ScriptedResponse;
    match.times = (match.times ?? 1) - 1;
    if (match.times <= 0) this.scripted.splice(index, 1);
    return { status: match.status, headers: match.headers, body: match.body };
  }

  private admin(request: SandboxRequest): SandboxResponse {
    const body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    switch (`${request.method} ${request.path}`) {
      case 'GET /__sandbox/requests':
        return json(200, { items: this.log });
      case 'GET /__sandbox/state':
        return json(200, this.vendor.state?.() ?? {});
      case 'POST /__sandbox/seed':
        this.vendor.seed?.(body);
        return json(200, { ok: true });
      case 'POST /__sandbox/reset':
        this.vendor.reset?.();
        this.log.length = 0;
        this.scripted.length = 0;
        this.faults.setPlan(undefined);
        this.keepDataOnDelete = false;
        return json(200, { ok: true });
      case 'POST /__sandbox/faults':
        this.setFaults(Object.keys(body).length ? (body as unknown as FaultPlan) : undefined);
        return json(200, { ok: true });
      case 'POST /__sandbox/script':
        this.script(body as unknown as ScriptedResponse);
        return json(200, { ok: true });
      case 'POST /__sandbox/config':
        if (typeof body.rateLimit === 'number') this.setRateLimit(body.rateLimit);
        if (typeof body.latencyMs === 'number') this.latencyMs = body.latencyMs;
        if (typeof body.keepData === 'boolean') this.keepDataOnDelete = body.keepData;
        return json(200, { ok: true });
      default:
        return json(404, { error: 'unknown sandbox admin route' });
    }
  }
}

function send(res: ServerResponse, response: SandboxResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (response.body !== undefined) {
    payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('sandbox body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
