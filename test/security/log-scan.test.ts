import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxDefinitions } from '../../integrations/sandboxes.ts';
import { getJson, submit, waitForRequest } from '../support/hub-client.ts';
import { type ChildHub, startChildHub } from './child-hub.ts';
import { call } from './hostile-http.ts';

let hub: ChildHub;
let receiver: Server;
/** Lines the hub wrote once the flow below had run. */
let log: string[];
const requestIds: string[] = [];
const ackTokens: string[] = [];

/** The people of the flow, with every identifier the hub is given or finds. */
const ADA = {
  email: 'ada@example.com',
  ids: {
    auth0: 'auth0|65f0a1b2c3d4e5f6a7b8c9d0',
    stripe: 'cus_SbxAda00000001',
    github: 'ada-lovelace',
    githubRepos: ['dsr-hub-demo/site-ada'],
    githubToken: 'gho_sandboxAdaToken000000000000000000000',
    googleAnalytics: ['GA1.2.1234.5678'],
    matrix: '@ada:gitter.im',
  },
};
const GRACE = {
  email: 'grace@example.com',
  ids: {
    auth0: 'auth0|65f0b2c3d4e5f6a7b8c9d0e1',
    stripe: 'cus_SbxGrace000001',
    github: 'grace-hopper',
    googleAnalytics: ['GA1.2.8765.4321'],
    matrix: '@grace:gitter.im',
  },
};
const GRACE_CHANGES = {
  email: 'grace.hopper@example.com',
  name: 'Grace Brewster Hopper',
  phone: '+15550100999',
};
const MARGARET = { email: 'margaret@example.com', ids: { github: 'margaret-hamilton' } };
const KATHERINE = { email: 'katherine@example.com', ids: { stripe: 'cus_Katherine0001' } };
/** Identifiers the vendors hold that the hub only finds by email. */
const FOUND_BY_EMAIL = ['google-oauth2|104857600000000000001', 'cus_SbxAda00000002'];

const SETTLED_TASK = new Set(['acknowledged', 'not_applicable', 'awaiting_ack', 'failed']);

async function admin(integration: string, path: string, body?: unknown): Promise<unknown> {
  const base = hub.sandboxes.get(integration);
  if (!base) throw new Error(`no ${integration} sandbox in ${[...hub.sandboxes.keys()]}`);
  const response = await fetch(`${base}/__sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

/** Waits until no task of the request is pending or retrying. */
async function quiescent(id: string, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await getJson(hub, `/v1/requests/${encodeURIComponent(id)}`);
    const tasks = (answer.body?.tasks ?? []) as { status: string }[];
    if (answer.status === 200 && tasks.every((task) => SETTLED_TASK.has(task.status))) return;
    if (Date.now() > deadline) throw new Error(`${id} still busy: ${JSON.stringify(answer.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function submitted(body: { id: string } & Record<string, unknown>): Promise<string> {
  const answer = await submit(hub, body);
  expect(answer.status).toBe(202);
  requestIds.push(body.id);
  return body.id;
}

/**
 * A representative day: an erasure, a rectification and a restriction across every default
 * integration (Auth0 answering one 429 on the way), a Stripe failure that ops redrive, acks by
 * partners, a completion callback, refused deliveries and malformed reads by hand.
 */
async function runFlow(): Promise<void> {
  await admin('stripe', 'script', {
    method: 'GET',
    pathIncludes: '/v1/customers',
    status: 401,
    body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } },
  });
  const failing = await submitted({
    id: 'scan-failure',
    type: 'erasure',
    subject: KATHERINE,
    integrations: ['stripe'],
  });
  expect((await waitForRequest(hub, failing)).status).toBe('needs_attention');

  await admin('auth0', 'script', {
    method: 'GET',
    pathIncludes: '/api/v2/users-by-email',
    status: 429,
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Date.now() / 1000 + 1) },
    body: { statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached' },
  });
  const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/dsr-callback`;
  const flow = await Promise.all([
    submitted({ id: 'scan-erasure', type: 'erasure', subject: ADA, callbackUrl }),
    submitted({
      id: 'scan-rectify',
      type: 'rectification',
      subject: GRACE,
      changes: GRACE_CHANGES,
    }),
    submitted({ id: 'scan-restrict', type: 'restriction', subject: MARGARET, callbackUrl }),
  ]);
  const redrive = await call(hub, 'POST', '/v1/integrations/stripe/redrive', {
    authorization: `Bearer ${hub.secrets.HUB_OPS_TOKEN}`,
  });
  expect(redrive.status).toBe(202);
  await Promise.all([failing, ...flow].map((id) => quiescent(id)));
  expect((await getJson(hub, `/v1/requests/${failing}`)).body.status).toBe('completed');
  const auth0Calls = ((await admin('auth0', 'requests')) as { items: { status: number }[] }).items;
  expect(auth0Calls.some((entry) => entry.status === 429)).toBe(true);

  // Refused and malformed traffic that names people, as a confused caller sends it.
  const forged = { id: 'scan-x', type: 'erasure', subject: ADA };
  expect((await submit(hub, forged, { secret: 'whsec_AAAA' })).status).toBe(401);
  expect((await submit(hub, { id: 'scan-y', type: 'erasure', subject: ADA, x: 1 })).status).toBe(
    400,
  );
  const ops = `Bearer ${hub.secrets.HUB_OPS_TOKEN}`;
  for (const path of [
    `/v1/requests?email=${encodeURIComponent(ADA.email)}`,
    `/v1/requests/${encodeURIComponent(ADA.ids.auth0)}`,
    `/v1/requests/${encodeURIComponent(ADA.ids.stripe)}%ZZ`,
    `/v1/requests/${encodeURIComponent(GRACE.ids.auth0)}%E0%A4%A/events`,
  ]) {
    await call(hub, 'GET', path, { authorization: ops });
  }
  await call(hub, 'GET', '/v1/requests', { authorization: `Bearer ${ADA.ids.githubToken}` });

  for (const integration of ['partner:sandbox-partner', 'happyfox-chat']) {
    const state = (await admin(integration, 'state')) as {
      deliveries: { payload: { ackUrl?: string } }[];
    };
    for (const { payload } of state.deliveries) {
      if (payload.ackUrl) ackTokens.push(payload.ackUrl.split('/').pop() as string);
    }
  }
  expect(ackTokens.length).toBeGreaterThan(0);
  // Let the reconciler run (every 5 s) with all of this in the table: callbacks, reminders.
  await new Promise((resolve) => setTimeout(resolve, 6000));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every value that must never be written to a log, an audit event or an evidence pack. */
function personalData(): string[] {
  const emails = [ADA, GRACE, MARGARET, KATHERINE].map((p) => p.email);
  emails.push(GRACE_CHANGES.email);
  const ids = [ADA, GRACE, MARGARET, KATHERINE].flatMap((p) => Object.values(p.ids).flat());
  const values = [...emails, ...ids, ...FOUND_BY_EMAIL, GRACE_CHANGES.name, GRACE_CHANGES.phone];
  return [...values, ...values.map(encodeURIComponent), ...emails.map(sha256), ...ackTokens].filter(
    (value, index, all) => all.indexOf(value) === index,
  );
}

/** The hub's own secrets and the sandbox vendors' credentials. */
function secrets(): string[] {
  const vendor = sandboxDefinitions.flatMap((definition) =>
    Object.entries(definition.env('http://127.0.0.1:1'))
      .filter(([key]) => /SECRET|TOKEN|_KEY$/.test(key))
      .map(([, value]) => value),
  );
  const ingest = hub.secrets.HUB_INGEST_SECRET;
  return [...Object.values(hub.secrets), ingest.replace(/^whsec_/, ''), ...vendor];
}

/** Each value of `needles` found in `haystack`, with where. */
function leaks(haystack: readonly string[], needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const needle of needles) {
    const at = haystack.findIndex((line) => line.includes(needle));
    if (at >= 0) found.push(`${JSON.stringify(needle)} in: ${haystack[at]?.slice(0, 300)}`);
  }
  return found;
}

beforeAll(async () => {
  receiver = createServer((_req, res) => res.writeHead(204).end());
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hub = await startChildHub({
    HUB_RETRY_SCHEDULE: '1,1',
    HUB_INGEST_SECRET: '',
    HUB_OPS_TOKEN: '',
    HUB_COMPLIANCE_TOKEN: '',
    HUB_EMAIL_HASH_KEY: '',
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
  });
  await runFlow();
  log = [...hub.lines];
}, 90_000);
afterAll(async () => {
  await hub?.stop();
  receiver?.close();
});

describe('the hub as a child process', () => {
  it('captured the structured log lines of the handlers, not only the banner', () => {
    const structured = log.filter((line) => line.startsWith('{"level":'));
    expect(structured.length).toBeGreaterThan(0);
  });

  it('prints the three secrets only on their own start-banner lines', () => {
    // The banner shows the secrets on purpose: it is how a person running `npm start` gets them.
    const banner = /^ {2}(ingest secret|ops token|compliance token): +\S+$/;
    const bannerLines = log.filter((line) => banner.test(line));
    expect(bannerLines).toHaveLength(3);
    for (const secret of [
      hub.secrets.HUB_INGEST_SECRET,
      hub.secrets.HUB_OPS_TOKEN,
      hub.secrets.HUB_COMPLIANCE_TOKEN,
    ]) {
      expect(log.filter((line) => line.includes(secret))).toHaveLength(1);
    }
    const rest = log.filter((line) => !banner.test(line));
    expect(leaks(rest, secrets())).toEqual([]);
  });

  it('writes no email, subject id, personal value or ack token to any log line', () => {
    // The banner's last line is a fixed usage example naming the demo person, not a request's data.
    const example = 'Try: npx dsr-hub submit --email ada@example.com --type erasure';
    expect(log).toContain(example);
    expect(
      leaks(
        log.filter((line) => line !== example),
        personalData(),
      ),
    ).toEqual([]);
  });

  it('keeps them out of every audit trail, evidence pack and the acknowledgement report', async () => {
    const compliance = hub.secrets.HUB_COMPLIANCE_TOKEN;
    const documents: string[] = [];
    for (const id of requestIds) {
      const events = await getJson(hub, `/v1/requests/${id}/events`, compliance);
      const evidence = await getJson(hub, `/v1/requests/${id}/evidence`, compliance);
      const view = await getJson(hub, `/v1/requests/${id}`, compliance);
      expect([events.status, evidence.status, view.status]).toEqual([200, 200, 200]);
      expect(events.body.items.length).toBeGreaterThan(2);
      documents.push(
        `events ${id}: ${JSON.stringify(events.body)}`,
        `evidence ${id}: ${JSON.stringify(evidence.body)}`,
        `request ${id}: ${JSON.stringify(view.body)}`,
      );
    }
    for (const format of ['json', 'csv']) {
      const report = await call(hub, 'GET', `/v1/reports/acknowledgements?format=${format}`, {
        authorization: `Bearer ${compliance}`,
      });
      expect(report.status).toBe(200);
      documents.push(`report ${format}: ${report.text}`);
    }
    expect(leaks(documents, [...personalData(), ...secrets()])).toEqual([]);
  });
});
