import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHub, startHub } from '../../local/hub.ts';
import { getJson, sandboxAdmin, submit, waitForRequest } from '../support/hub-client.ts';
import { adaErasure, hostileBodies } from './hostile-corpus.ts';
import { floodRequest, postRequest, type RawAnswer, signatureHeaders } from './hostile-http.ts';
import {
  ADA,
  adaIsIntact,
  settledVendorCalls,
  storedRequestIds,
  vendorLog,
  WATCHED_VENDORS,
} from './hub-watch.ts';

let hub: RunningHub;
let quietVendorCalls: number;
/** Set once a hostile delivery got through; later cases then wait for its effects to end. */
let leaked = false;

beforeAll(async () => {
  hub = await startHub({
    port: 0,
    env: {
      HUB_INTEGRATIONS: 'auth0,stripe,github',
      // The URL-encoding checks below send a burst of calls; the limits are not under test.
      AUTH0_RATE_LIMIT: '100',
      GITHUB_RATE_LIMIT: '100',
    },
  });
  for (const vendor of WATCHED_VENDORS) {
    await sandboxAdmin(hub, vendor, 'config', { rateLimit: 1000 });
  }
  await sandboxAdmin(hub, 'github', 'seed', { secondaryPointsPerMinute: 1e6 });
  quietVendorCalls = await settledVendorCalls(hub);
});
afterAll(() => hub?.stop());

/** A refusal: the exact status, as problem+json, echoing no secret and none of Ada's data. */
function expectRefusal(answer: RawAnswer, status: number): void {
  if (answer.status < 400) leaked = true;
  expect({ status: answer.status, text: answer.text.slice(0, 300) }).toMatchObject({ status });
  expect(answer.contentType).toBe('application/problem+json');
  expect(answer.json).toMatchObject({ status, title: expect.any(String) });
  for (const secret of Object.values(hub.secrets)) expect(answer.text).not.toContain(secret);
  for (const value of [ADA.email, ADA.auth0, ADA.stripe, ADA.github]) {
    expect(answer.text).not.toContain(value);
  }
}

/** What the hub holds and has sent just before a case. */
interface Snapshot {
  ids: string[];
  vendorCalls: number;
}

/**
 * Taken before each case. After an earlier case leaked, its vendor calls drain first,
 * so that one leak does not show up as a failure of every later case.
 */
async function snapshot(): Promise<Snapshot> {
  const vendorCalls = leaked ? await settledVendorCalls(hub) : (await vendorLog(hub)).length;
  leaked = false;
  return { ids: await storedRequestIds(hub), vendorCalls };
}

/** Nothing stored under the id, no new request listed, no vendor called since `before`. */
async function expectNothingStored(before: Snapshot, id?: string): Promise<void> {
  const ids = await storedRequestIds(hub);
  const calls = (await vendorLog(hub)).length;
  // Ids a URL cannot carry (., ..) are covered by the listing.
  const addressable = id !== undefined && id !== '' && id !== '.' && id !== '..';
  const found = addressable
    ? (await getJson(hub, `/v1/requests/${encodeURIComponent(id)}`)).status
    : 404;
  leaked ||= ids.length !== before.ids.length || calls !== before.vendorCalls || found !== 404;
  expect({ found, ids, calls }).toEqual({ found: 404, ids: before.ids, calls: before.vendorCalls });
}

describe('refused before anything is stored or sent', () => {
  it.each(hostileBodies().map((c) => [c.label, c.status, c]))(
    'refuses %s with %i',
    async (_label, status, hostile) => {
      const before = await snapshot();
      const answer = await postRequest(hub, hostile.payload);
      expectRefusal(answer, status);
      await expectNothingStored(before, hostile.id);
    },
  );

  const signed = JSON.stringify(adaErasure('hostile-signature'));
  const valid = () => signatureHeaders(hub.secrets.HUB_INGEST_SECRET, signed);
  const minutes = (n: number) => new Date(Date.now() + n * 60_000);
  const stranger = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const signatureCases: [string, () => Record<string, string | undefined>][] = [
    [
      'no signature headers',
      () => ({
        'webhook-id': undefined,
        'webhook-timestamp': undefined,
        'webhook-signature': undefined,
      }),
    ],
    ['no webhook-id', () => ({ 'webhook-id': undefined })],
    ['no webhook-timestamp', () => ({ 'webhook-timestamp': undefined })],
    ['no webhook-signature', () => ({ 'webhook-signature': undefined })],
    ['a signature by another secret', () => signatureHeaders(stranger, signed)],
    [
      'an expired timestamp (6 minutes old)',
      () => signatureHeaders(hub.secrets.HUB_INGEST_SECRET, signed, { timestamp: minutes(-6) }),
    ],
    [
      'a future timestamp (6 minutes ahead)',
      () => signatureHeaders(hub.secrets.HUB_INGEST_SECRET, signed, { timestamp: minutes(6) }),
    ],
    ['a timestamp in milliseconds', () => ({ 'webhook-timestamp': String(Date.now()) })],
    ['a timestamp in words', () => ({ 'webhook-timestamp': 'now' })],
    [
      'a timestamp moved by one second',
      () => {
        const h = valid();
        return { ...h, 'webhook-timestamp': String(Number(h['webhook-timestamp']) - 1) };
      },
    ],
    ['another webhook-id than signed', () => ({ ...valid(), 'webhook-id': 'msg_other' })],
    [
      'the signature of another body',
      () => signatureHeaders(hub.secrets.HUB_INGEST_SECRET, `${signed} `),
    ],
    [
      'scheme version v2',
      () => {
        const h = valid();
        return { ...h, 'webhook-signature': h['webhook-signature']?.replace('v1,', 'v2,') };
      },
    ],
    [
      'scheme version V1',
      () => {
        const h = valid();
        return { ...h, 'webhook-signature': h['webhook-signature']?.replace('v1,', 'V1,') };
      },
    ],
    [
      'a space after the version',
      () => {
        const h = valid();
        return { ...h, 'webhook-signature': h['webhook-signature']?.replace('v1,', 'v1, ') };
      },
    ],
    [
      'no version',
      () => {
        const h = valid();
        return { ...h, 'webhook-signature': h['webhook-signature']?.slice(3) };
      },
    ],
    [
      'a truncated signature',
      () => {
        const h = valid();
        return { ...h, 'webhook-signature': h['webhook-signature']?.slice(0, 20) };
      },
    ],
    ['an empty v1 signature', () => ({ ...valid(), 'webhook-signature': 'v1,' })],
    [
      'a signature with one character changed',
      () => {
        const h = valid();
        const s = h['webhook-signature'] ?? '';
        return {
          ...h,
          'webhook-signature': `${s.slice(0, 5)}${s[5] === 'A' ? 'B' : 'A'}${s.slice(6)}`,
        };
      },
    ],
    [
      'a bearer token instead of a signature',
      () => ({
        'webhook-signature': undefined,
        authorization: `Bearer ${hub.secrets.HUB_OPS_TOKEN}`,
      }),
    ],
  ];
  it.each(signatureCases)('refuses %s with 401', async (_label, headers) => {
    const before = await snapshot();
    const answer = await postRequest(hub, signed, { headers: headers() });
    expectRefusal(answer, 401);
    await expectNothingStored(before, 'hostile-signature');
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/problem+json',
    'application/jsonx',
    'text/json',
    undefined,
  ])('refuses content type %s with 415', async (contentType) => {
    const before = await snapshot();
    const body = JSON.stringify(adaErasure('hostile-content-type'));
    expectRefusal(await postRequest(hub, body, { contentType }), 415);
    await expectNothingStored(before, 'hostile-content-type');
  });

  it('refuses a body one byte over 64 KiB with 413, and reads one of exactly 64 KiB', async () => {
    const before = await snapshot();
    const body = JSON.stringify({ ...adaErasure('hostile-size'), pad: '' });
    const fill = (size: number) =>
      body.replace('"pad":""', `"pad":"${'x'.repeat(size - body.length)}"`);
    expectRefusal(await postRequest(hub, fill(64 * 1024 + 1)), 413);
    // Exactly at the limit the body is read, and refused for its unknown key instead.
    expectRefusal(await postRequest(hub, fill(64 * 1024)), 400);
    await expectNothingStored(before, 'hostile-size');
  });

  it.each([
    [
      'a declared 10 MB body, after 64 KiB of it',
      { declaredLength: 10e6, stopAfterBytes: 64 * 1024 },
    ],
    ['a chunked 10 MB body, after 128 KiB of it', { chunked: true, stopAfterBytes: 128 * 1024 }],
    ['a 10 MB body sent as fast as possible', {}],
  ])('answers %s with 413 at once and hangs up', async (_label, options) => {
    const before = await snapshot();
    const exchange = await floodRequest(hub.url, {
      path: '/v1/requests',
      totalBytes: 10e6,
      ...options,
    });
    expect(exchange.statusLine).toMatch(/^HTTP\/1\.1 413 /);
    expect(exchange.closedByHub).toBe(true);
    expect(exchange.bodyBytesSent).toBeLessThan(10e6);
    expect(exchange.elapsedMs).toBeLessThan(3000);
    await expectNothingStored(before);
  });

  it('let no refused delivery reach a vendor, Ada, or Object.prototype', async () => {
    expect(await settledVendorCalls(hub)).toBe(quietVendorCalls);
    expect(await storedRequestIds(hub)).toEqual([]);
    expect(await adaIsIntact(hub)).toEqual({ auth0: true, stripe: true, github: true });
    const probe = {} as Record<string, unknown>;
    expect([probe.polluted, probe.isAdmin, probe.auth0]).toEqual([undefined, undefined, undefined]);
  });
});

describe('accepted, and harmless', () => {
  beforeAll(async () => {
    // Whatever an earlier leak set off ends, and Ada is back, so these tests stand alone.
    await settledVendorCalls(hub);
    for (const vendor of WATCHED_VENDORS) await sandboxAdmin(hub, vendor, 'reset', {});
    await sandboxAdmin(hub, 'github', 'seed', { secondaryPointsPerMinute: 1e6 });
  });

  it('treats a homoglyph of ada@example.com as a different person, or refuses it', async () => {
    const homoglyph = '\u0430da@example.com'; // Cyrillic а
    const body = { id: 'homoglyph-1', type: 'erasure', subject: { email: homoglyph } };
    const answer = await submit(hub, body);
    expect([400, 202]).toContain(answer.status);
    if (answer.status === 202) {
      const settled = await waitForRequest(hub, body.id);
      expect(settled.subject.email).not.toBe('a***@example.com');
    } else {
      expect((await getJson(hub, `/v1/requests/${body.id}`)).status).toBe(404);
    }
    await settledVendorCalls(hub);
    expect(await adaIsIntact(hub)).toEqual({ auth0: true, stripe: true, github: true });
  });

  it('encodes every subject id as exactly one segment of the vendor URL', async () => {
    const hostileIds = ['../../x', 'a/b', '%2e%2e', 'x%2F..%2Fy', 'a#b', 'a?b=1', 'a|b', ':pk'];
    // The log is one list per vendor, concatenated: count what each vendor had already seen.
    const seenBefore = new Map<string, number>();
    for (const call of await vendorLog(hub)) {
      seenBefore.set(call.vendor, (seenBefore.get(call.vendor) ?? 0) + 1);
    }
    const ids = hostileIds.map((id, index) => {
      const body = {
        id: `segment-${index}`,
        type: 'erasure',
        subject: { ids: { auth0: id, stripe: id, github: id } },
      };
      return submit(hub, body).then((answer) => {
        expect(answer.status).toBe(202);
        return body.id;
      });
    });
    for (const id of await Promise.all(ids)) await waitForRequest(hub, id);
    const perPerson: Record<string, string> = {
      auth0: '/api/v2/users/',
      stripe: '/v1/customers/',
      github: '/orgs/dsr-hub-demo/members/',
    };
    const newCalls = async () => {
      const seenNow = new Map<string, number>();
      return (await vendorLog(hub)).filter((call) => {
        const index = seenNow.get(call.vendor) ?? 0;
        seenNow.set(call.vendor, index + 1);
        return index >= (seenBefore.get(call.vendor) ?? 0);
      });
    };
    const everyIdReached = (found: Awaited<ReturnType<typeof newCalls>>) =>
      hostileIds.every((id) =>
        WATCHED_VENDORS.every((vendor) =>
          found.some(
            (c) =>
              c.vendor === vendor && c.path === `${perPerson[vendor]}${encodeURIComponent(id)}`,
          ),
        ),
      );
    // A request settles when its tasks do; a vendor's log can trail the last answer by a moment.
    let calls = await newCalls();
    for (let tries = 0; tries < 50 && !everyIdReached(calls); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      calls = await newCalls();
    }
    for (const call of calls) {
      const prefix = perPerson[call.vendor] as string;
      // A dot segment or a slash that escaped would leave a shorter, wider path.
      expect(prefix.startsWith(call.path) && call.path !== prefix.slice(0, -1)).toBe(false);
      if (!call.path.startsWith(prefix)) continue;
      const segment = call.path.slice(prefix.length);
      expect(segment).not.toContain('/');
      expect(hostileIds).toContain(decodeURIComponent(segment));
    }
    for (const id of hostileIds) {
      for (const vendor of WATCHED_VENDORS) {
        const expected = `${perPerson[vendor]}${encodeURIComponent(id)}`;
        expect(calls.some((call) => call.vendor === vendor && call.path === expected)).toBe(true);
      }
    }
  });

  it('stores ids that look like expressions or prototype names verbatim', async () => {
    for (const id of [':pk', 'REQ:x', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const body = {
        id,
        type: 'restriction',
        subject: { email: 'nobody-ids@example.com' },
        integrations: ['auth0'],
      };
      expect((await submit(hub, body)).status).toBe(202);
      const stored = await getJson(hub, `/v1/requests/${encodeURIComponent(id)}`);
      expect(stored.body).toMatchObject({ id, type: 'restriction' });
    }
  });

  it('answers a replayed delivery as a repeat, and refuses its signature on anything else', async () => {
    const body = JSON.stringify({
      id: 'replayed',
      type: 'restriction',
      subject: { email: 'nobody-replay@example.com' },
      integrations: ['auth0'],
    });
    const headers = signatureHeaders(hub.secrets.HUB_INGEST_SECRET, body);
    expect((await postRequest(hub, body, { headers })).status).toBe(202);
    await waitForRequest(hub, 'replayed');
    const calls = await settledVendorCalls(hub);

    const replay = await postRequest(hub, body, { headers });
    expect(replay.status).toBe(200);
    expect(replay.json?.id).toBe('replayed');
    const other = body.replace('"replayed"', '"replayed-2"');
    expectRefusal(await postRequest(hub, other, { headers }), 401);
    // The same webhook-id, freshly signed over another body: an upstream bug or a forgery.
    const resigned = signatureHeaders(hub.secrets.HUB_INGEST_SECRET, other, {
      webhookId: headers['webhook-id'],
    });
    expectRefusal(await postRequest(hub, other, { headers: resigned }), 409);
    expect((await getJson(hub, '/v1/requests/replayed-2')).status).toBe(404);
    expect(await settledVendorCalls(hub)).toBe(calls);
  });

  it('refuses an over-long webhook-id with 400, not a server error', async () => {
    const body = JSON.stringify({
      id: 'long-webhook-id',
      type: 'restriction',
      subject: { email: 'nobody-long@example.com' },
      integrations: ['auth0'],
    });
    const answer = await postRequest(hub, body, { webhookId: `msg_${'w'.repeat(4000)}` });
    expectRefusal(answer, 400);
    expect((await getJson(hub, '/v1/requests/long-webhook-id')).status).toBe(404);
  });
});
