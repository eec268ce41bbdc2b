import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../local/hub.ts';
import { getJson, submit, waitForRequest } from '../support/hub-client.ts';
import { call, type RawAnswer, rawGet } from './hostile-http.ts';
import { settledVendorCalls, vendorLog } from './hub-watch.ts';

let hub: RunningHub;
const REQUEST_ID = 'access-target';
let trail: number;
let quietVendorCalls: number;

beforeAll(async () => {
  hub = await startHub({ port: 0, env: { HUB_INTEGRATIONS: 'auth0,stripe,github' } });
  const body = {
    id: REQUEST_ID,
    type: 'erasure',
    subject: { email: 'nobody-access@example.com' },
    integrations: ['auth0'],
  };
  expect((await submit(hub, body)).status).toBe(202);
  await waitForRequest(hub, REQUEST_ID);
  trail = (await getJson(hub, `/v1/requests/${REQUEST_ID}/events`)).body.items.length;
  quietVendorCalls = await settledVendorCalls(hub);
});
afterAll(() => hub?.stop());

const ops = () => `Bearer ${hub.secrets.HUB_OPS_TOKEN}`;
const compliance = () => `Bearer ${hub.secrets.HUB_COMPLIANCE_TOKEN}`;
const extension = JSON.stringify({ months: 2, reason: 'hostile extension' });

/** A refusal with the exact status as problem+json, echoing no secret. */
function expectRefusal(answer: RawAnswer, status: number): void {
  expect({ status: answer.status, text: answer.text.slice(0, 300) }).toMatchObject({ status });
  expect(answer.contentType).toBe('application/problem+json');
  for (const secret of Object.values(hub.secrets)) expect(answer.text).not.toContain(secret);
}

/** The target request is as it was, and no vendor was called. */
async function expectNothingChanged(): Promise<void> {
  const request = await getJson(hub, `/v1/requests/${REQUEST_ID}`);
  expect(request.body.extension).toBeUndefined();
  const events = await getJson(hub, `/v1/requests/${REQUEST_ID}/events`);
  expect(events.body.items).toHaveLength(trail);
  expect((await vendorLog(hub)).length).toBe(quietVendorCalls);
}

const RETRY = `/v1/requests/${REQUEST_ID}/tasks/auth0/retry`;
const EXTEND = `/v1/requests/${REQUEST_ID}/extension`;
const REDRIVE = '/v1/integrations/auth0/redrive';
const OPS_ACTIONS: [string, string, string?][] = [
  ['POST', REDRIVE],
  ['POST', RETRY],
  ['POST', EXTEND, extension],
];
const READS: [string, string][] = [
  ['GET', '/v1/requests'],
  ['GET', `/v1/requests/${REQUEST_ID}`],
  ['GET', `/v1/requests/${REQUEST_ID}/events`],
  ['GET', `/v1/requests/${REQUEST_ID}/evidence`],
  ['GET', '/v1/integrations'],
  ['GET', '/v1/reports/acknowledgements'],
];

describe('roles', () => {
  it.each(OPS_ACTIONS)(
    'refuses the compliance token on %s %s with 403',
    async (method, path, body) => {
      const answer = await call(hub, method, path, { authorization: compliance(), body });
      expectRefusal(answer, 403);
      await expectNothingChanged();
    },
  );

  it.each([...READS, ...OPS_ACTIONS])(
    'refuses %s %s without a token with 401',
    async (method, path, body) => {
      const answer = await call(hub, method, path, { body });
      expectRefusal(answer, 401);
      await expectNothingChanged();
    },
  );

  const malformed: [string, () => string][] = [
    ['a bare scheme', () => 'Bearer'],
    ['an empty token', () => 'Bearer '],
    [
      'Basic with the ops token as password',
      () => `Basic ${Buffer.from(`ops:${hub.secrets.HUB_OPS_TOKEN}`).toString('base64')}`,
    ],
    ['another scheme', () => `Token ${hub.secrets.HUB_OPS_TOKEN}`],
    ['no scheme', () => hub.secrets.HUB_OPS_TOKEN],
    ['a trailing word', () => `${ops()} extra`],
    ['a token with a byte more', () => `${ops()}x`],
    ['a token with a byte less', () => ops().slice(0, -1)],
    ['a quoted token', () => `Bearer "${hub.secrets.HUB_OPS_TOKEN}"`],
    ['two tokens', () => `${ops()},${compliance()}`],
    ['both tokens run together', () => `${compliance()}${hub.secrets.HUB_OPS_TOKEN}`],
    ['the ingest secret', () => `Bearer ${hub.secrets.HUB_INGEST_SECRET}`],
    ['the email hash key', () => `Bearer ${hub.secrets.HUB_EMAIL_HASH_KEY}`],
  ];
  it.each(malformed)('refuses an Authorization header with %s with 401', async (_label, header) => {
    for (const [method, path, body] of [...OPS_ACTIONS, ['GET', `/v1/requests/${REQUEST_ID}`]]) {
      expectRefusal(
        await call(hub, method as string, path as string, { authorization: header(), body }),
        401,
      );
    }
    await expectNothingChanged();
  });

  it.each(['access_token', 'token', 'authorization', 'api_key'])(
    'ignores the ops token in the query parameter %s',
    async (name) => {
      const value = name === 'authorization' ? ops() : hub.secrets.HUB_OPS_TOKEN;
      const query = `?${name}=${encodeURIComponent(value)}`;
      expectRefusal(await call(hub, 'GET', `/v1/requests${query}`), 401);
      expectRefusal(await call(hub, 'POST', `${EXTEND}${query}`, { body: extension }), 401);
      await expectNothingChanged();
    },
  );

  it.each([
    ['a random token', '/v1/acks/ack_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG'],
    ['the ops token', () => `/v1/acks/${encodeURIComponent(hub.secrets.HUB_OPS_TOKEN)}`],
    ['a traversal', '/v1/acks/..%2F..%2Fv1%2Frequests'],
    ['a request id', `/v1/acks/${REQUEST_ID}`],
  ])('answers an ack with %s with 404', async (_label, path) => {
    const target = typeof path === 'function' ? path() : path;
    expectRefusal(await call(hub, 'POST', target, { body: '{"status":"completed"}' }), 404);
    await expectNothingChanged();
  });

  it.each([
    ['DELETE', `/v1/requests/${REQUEST_ID}`],
    ['PUT', `/v1/requests/${REQUEST_ID}`],
    ['PATCH', '/v1/requests'],
    ['DELETE', '/v1/integrations/auth0/redrive'],
  ])('refuses %s %s with 405, even to ops', async (method, path) => {
    expectRefusal(await call(hub, method, path, { authorization: ops() }), 405);
    await expectNothingChanged();
  });
});

describe('ids in paths', () => {
  const hostile: [string, number, string][] = [
    ['a traversal', 404, '..%2F..%2Fetc%2Fpasswd'],
    ['a traversal to the real id', 404, `..%2F${REQUEST_ID}`],
    ['a #', 404, 'a%23b'],
    ['the key prefix', 404, `REQ%23${REQUEST_ID}`],
    ['a trailing #', 404, `${REQUEST_ID}%23`],
    ['a trailing NUL', 404, `${REQUEST_ID}%00`],
    ['the id upper-cased', 404, REQUEST_ID.toUpperCase()],
    ['an expression value name', 404, '%3Apk'],
    ['an expression', 404, '%3Apk%20OR%20attribute_exists(pk)'],
    ['pipes', 404, '%7C%7C'],
    ['a space', 404, '%20'],
    ['__proto__', 404, '__proto__'],
    ['constructor', 404, 'constructor'],
    ['3,000 characters', 404, 'x'.repeat(3000)],
    ['a truncated UTF-8 escape', 400, '%E0%A4%A'],
    ['a broken escape', 400, '%ZZ'],
  ];
  for (const suffix of ['', '/events', '/evidence']) {
    it.each(hostile)(
      `answers GET /v1/requests/{%s}${suffix} with %i`,
      async (_label, status, id) => {
        const answer = await call(hub, 'GET', `/v1/requests/${id}${suffix}`, {
          authorization: ops(),
        });
        expectRefusal(answer, status);
        expect(answer.text).not.toContain('nobody-access');
      },
    );
  }

  it.each([
    ['an unknown integration', `/v1/requests/${REQUEST_ID}/tasks/facebook/retry`, 404],
    ['a traversal as integration', `/v1/requests/${REQUEST_ID}/tasks/..%2Fauth0/retry`, 404],
    ['__proto__ as integration', `/v1/requests/${REQUEST_ID}/tasks/__proto__/retry`, 404],
    ['constructor as integration', `/v1/requests/${REQUEST_ID}/tasks/constructor/retry`, 404],
    ['a traversal as request id', `/v1/requests/..%2F${REQUEST_ID}/tasks/auth0/retry`, 404],
    ['__proto__ as integration to redrive', '/v1/integrations/__proto__/redrive', 404],
    ['a traversal to redrive', '/v1/integrations/..%2Fauth0/redrive', 404],
  ])('refuses a retry or redrive with %s', async (_label, path, status) => {
    expectRefusal(await call(hub, 'POST', path, { authorization: ops() }), status);
    await expectNothingChanged();
  });

  it.each([
    '?status=__proto__',
    '?__proto__=x',
    '?constructor=x',
    '?limit=1e9',
    '?limit=-1',
    `?cursor=${Buffer.from('{"pk":"REQ#x","sk":"REQUEST"}').toString('base64url')}`,
    '?cursor=%00',
    `?integration=${'a'.repeat(500)}`,
  ])('refuses the listing query %s with 400', async (query) => {
    expectRefusal(await call(hub, 'GET', `/v1/requests${query}`, { authorization: ops() }), 400);
  });

  it.each([
    '/../../../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2fetc%2fpasswd',
    '/web/ui/../../package.json',
    '/app.js/../../package.json',
    '/%2e%2e%2fpackage.json',
  ])('serves no file outside the dashboard for %s', async (path) => {
    const answer = await rawGet(hub.url, path);
    expect(answer.statusLine).toMatch(/^HTTP\/1\.1 404 /);
    expect(answer.body).not.toMatch(/root:|"name": "dsr-hub"/);
  });
});
