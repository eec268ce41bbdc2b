import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Webhook } from 'standardwebhooks';

/** A CLI failure with the exit code that says what kind it is. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Exit codes; `dsr-hub --help` and the README explain them (keep the three in step). */
export const EXIT = {
  ok: 0,
  refused: 1,
  usage: 2,
  unreachable: 3,
  needsAttention: 4,
  broken: 5,
} as const;

export interface HubConnection {
  url: string;
  ingestSecret?: string;
  token?: string;
}

interface StoredSecrets {
  HUB_INGEST_SECRET?: string;
  HUB_OPS_TOKEN?: string;
  HUB_COMPLIANCE_TOKEN?: string;
}

/** Flags first, then the environment, then the local hub's data directory. */
export function resolveConnection(options: {
  url?: string;
  secret?: string;
  token?: string;
}): HubConnection {
  const env = process.env;
  let stored: StoredSecrets = {};
  try {
    const dir = resolve(env.HUB_DATA_DIR ?? './.hub-data');
    stored = JSON.parse(readFileSync(join(dir, 'hub-secrets.json'), 'utf8')) as StoredSecrets;
  } catch {
    // No local hub state: flags or environment must say it.
  }
  return {
    url: (options.url ?? env.DSR_HUB_URL ?? `http://127.0.0.1:${env.PORT ?? 8787}`).replace(
      /\/$/,
      '',
    ),
    ingestSecret:
      options.secret ?? env.HUB_INGEST_SECRET?.split(',')[0] ?? stored.HUB_INGEST_SECRET,
    token: options.token ?? env.HUB_OPS_TOKEN ?? stored.HUB_OPS_TOKEN,
  };
}

export interface HubAnswer {
  status: number;
  body: unknown;
  text: string;
}

/** fetch, with a network failure turned into the "unreachable" exit. */
export async function hubFetch(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new CliError(
      `cannot reach the hub at ${new URL(url).origin}: ${(error as Error).cause ?? (error as Error).message}. Is it running (npm start)?`,
      EXIT.unreachable,
    );
  }
}

async function call(url: string, init: RequestInit): Promise<HubAnswer> {
  const response = await hubFetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (a CSV report, say): keep the text.
  }
  return { status: response.status, body, text };
}

/** Signs a body with the ingest secret by the Standard Webhooks scheme and posts it. */
export async function postSigned(connection: HubConnection, path: string, body: unknown) {
  if (!connection.ingestSecret) {
    throw new CliError('no ingest secret: pass --secret or set HUB_INGEST_SECRET', EXIT.usage);
  }
  const payload = JSON.stringify(body);
  const id = `msg_${randomUUID()}`;
  const timestamp = new Date();
  const signature = new Webhook(connection.ingestSecret).sign(id, timestamp, payload);
  return call(`${connection.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body: payload,
  });
}

/** The bearer header of the role token; a usage error when there is none. */
export function bearer(connection: HubConnection): { authorization: string } {
  if (!connection.token) {
    throw new CliError('no token: pass --token or set HUB_OPS_TOKEN', EXIT.usage);
  }
  return { authorization: `Bearer ${connection.token}` };
}

export async function authorized(
  connection: HubConnection,
  method: string,
  path: string,
  body?: unknown,
): Promise<HubAnswer> {
  return call(`${connection.url}${path}`, {
    method,
    headers: {
      ...bearer(connection),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A GET with the role token that must succeed; `what` names it in the error. */
export async function getResource<T>(
  connection: HubConnection,
  path: string,
  what: string,
): Promise<T> {
  const answer = await authorized(connection, 'GET', path);
  expectOk(answer, what);
  return answer.body as T;
}

/** Builds `?a=1&b=2` from the defined values only. */
export function queryString(values: Record<string, string | number | boolean | undefined>) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const HINTS: Record<number, string> = {
  401: '\n  (pass the role token with --token or HUB_OPS_TOKEN)',
  403: '\n  (this needs the ops token; the compliance token only reads)',
};

/** Throws a CliError carrying the problem's detail when the hub refused. */
export function expectOk(answer: HubAnswer, what: string): void {
  if (answer.status < 400) return;
  const problem = answer.body as { detail?: string; errors?: { path: string; message: string }[] };
  const details = (problem?.errors ?? []).map((e) => `\n  ${e.path}: ${e.message}`).join('');
  throw new CliError(
    `${what} refused (${answer.status}): ${problem?.detail ?? answer.text}${details}${HINTS[answer.status] ?? ''}`,
    answer.status >= 500 ? EXIT.unreachable : EXIT.refused,
  );
}
