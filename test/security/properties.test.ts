import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { Problem } from '../../functions/api/problem.ts';
import { submittedRequestSchema } from '../../functions/api/request-schema.ts';
import { verifyDelivery } from '../../functions/api/signature.ts';

const RUNS = { numRuns: 300 };

/** JSON as `JSON.parse` builds it: `__proto__` becomes an own key, not the prototype. */
const dangerousKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString');
const jsonKey = fc.oneof(dangerousKey, fc.string({ maxLength: 12 }));
const anyJson = fc
  .letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.double(),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(jsonKey, tie('value'), { maxKeys: 5 }),
    ),
  }))
  .value.map((value) => JSON.parse(JSON.stringify(value) ?? 'null') as unknown);

/** Values shaped like a request, so the schema's deeper branches are reached too. */
const requestLike = fc
  .record(
    {
      id: fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9._:-]{1,130}$/), fc.integer()),
      type: fc.oneof(fc.constantFrom('erasure', 'rectification', 'restriction'), anyJson),
      subject: fc.oneof(
        anyJson,
        fc.record(
          { email: fc.oneof(fc.string(), anyJson), ids: fc.oneof(anyJson, fc.object()) },
          { requiredKeys: [] },
        ),
      ),
      changes: anyJson,
      integrations: fc.oneof(anyJson, fc.array(fc.string())),
      requestedAt: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map(String)),
      callbackUrl: fc.oneof(fc.webUrl(), fc.string()),
    },
    { requiredKeys: [] },
  )
  .map((value) => JSON.parse(JSON.stringify(value)) as unknown);

// Close to zod's email pattern; fast-check's emailAddress() is RFC 5322, which is wider.
const emailAddress = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]([a-z0-9._+-]{0,20}[a-z0-9])?$/),
    fc.stringMatching(/^[a-z0-9]{1,15}$/),
    fc.constantFrom('com', 'org', 'example', 'de'),
  )
  .filter(([local]) => !local.includes('..'))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
const identifier = fc.stringMatching(/^[A-Za-z0-9|_.:@-]{3,40}$/).filter((id) => !/^\.+$/.test(id));

const subjectIds = fc.record(
  {
    auth0: identifier.map((id) => `auth0|${id}`),
    stripe: identifier.map((id) => `cus_${id}`),
    github: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,38}$/),
    githubRepos: fc.array(fc.stringMatching(/^[a-z0-9-]{1,20}\/[a-z0-9_-]{1,30}$/), {
      maxLength: 3,
    }),
    googleAnalytics: fc.array(
      fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `GA1.2.${a}.${b}`),
      { maxLength: 3 },
    ),
    matrix: fc
      .tuple(fc.stringMatching(/^[a-z0-9._=-]{1,30}$/), fc.domain())
      .map(([name, host]) => `@${name}:${host}`),
    inlineManual: identifier,
  },
  { requiredKeys: [] },
);

/** Requests contract.md accepts, in the normalized form the schema gives back. */
const validRequest = fc
  .record(
    {
      id: fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/).filter((id) => !/^\.+$/.test(id)),
      type: fc.constantFrom('erasure', 'rectification', 'restriction'),
      email: fc.option(emailAddress, { nil: undefined }),
      ids: subjectIds,
      changes: fc.record(
        {
          email: emailAddress,
          name: fc.string({ minLength: 1, maxLength: 60 }).filter((n) => !/\p{Cc}/u.test(n)),
          phone: fc.stringMatching(/^\+[0-9]{6,15}$/),
        },
        { requiredKeys: ['name'] },
      ),
      integrations: fc.option(
        fc.uniqueArray(fc.constantFrom('auth0', 'stripe', 'github', 'partner:backups'), {
          minLength: 1,
        }),
        { nil: undefined },
      ),
      requestedAt: fc.option(
        fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString()),
        { nil: undefined },
      ),
      callbackUrl: fc.option(fc.webUrl({ validSchemes: ['https'] }), { nil: undefined }),
    },
    { requiredKeys: ['id', 'type', 'ids', 'changes'] },
  )
  .filter(({ email, ids }) => email !== undefined || Object.keys(ids).length > 0)
  .map(({ email, ids, changes, type, ...rest }) => {
    const request: Record<string, unknown> = { ...rest, type, subject: { ids } };
    if (email) (request.subject as Record<string, unknown>).email = email;
    if (type === 'rectification') request.changes = changes;
    for (const key of Object.keys(request)) if (request[key] === undefined) delete request[key];
    return request;
  });

/** Defines an own enumerable property, as JSON.parse would, even for `__proto__`. */
function withOwnKey(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

describe('submittedRequestSchema', () => {
  it('never throws on arbitrary JSON: it succeeds, or fails with issues', () => {
    fc.assert(
      fc.property(fc.oneof(anyJson, requestLike), (input) => {
        const result = submittedRequestSchema.safeParse(input);
        if (!result.success) expect(result.error.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts every valid request, and its output parses again to itself', () => {
    fc.assert(
      fc.property(validRequest, (request) => {
        const first = submittedRequestSchema.safeParse(request);
        if (!first.success) throw new Error(JSON.stringify(first.error.issues));
        expect(first.data).toEqual(request);
        const again = submittedRequestSchema.parse(JSON.parse(JSON.stringify(first.data)));
        expect(again).toEqual(first.data);
      }),
      RUNS,
    );
  });

  it('normalizes emails: case, surrounding whitespace and Unicode NFC', () => {
    fc.assert(
      fc.property(validRequest, emailAddress, fc.constantFrom(' ', '\t', '\n', ''), (r, e, pad) => {
        const shouted = { ...r, subject: { email: `${pad}${e.toUpperCase()}${pad}` } };
        const parsed = submittedRequestSchema.parse(shouted);
        expect(parsed.subject.email).toBe(e);
      }),
      RUNS,
    );
  });

  it('refuses any unknown key, at every level, __proto__ and constructor included', () => {
    const known = new Set([
      'id',
      'type',
      'subject',
      'changes',
      'integrations',
      'requestedAt',
      'callbackUrl',
      'email',
      'ids',
      'auth0',
      'stripe',
      'github',
      'githubRepos',
      'githubToken',
      'googleAnalytics',
      'matrix',
      'inlineManual',
      'name',
      'phone',
    ]);
    const unknownKey = fc.oneof(dangerousKey, fc.string({ minLength: 1, maxLength: 20 }));
    fc.assert(
      fc.property(
        validRequest,
        unknownKey.filter((key) => !known.has(key)),
        fc.constantFrom('root', 'subject', 'ids', 'changes'),
        anyJson,
        (request, key, level, value) => {
          const copy = structuredClone(request) as Record<string, unknown> & {
            subject: { ids?: Record<string, unknown> };
            changes?: Record<string, unknown>;
          };
          copy.subject.ids ??= {};
          copy.changes ??= { name: 'A' };
          const targets: Record<string, Record<string, unknown>> = {
            root: copy,
            subject: copy.subject,
            ids: copy.subject.ids,
            changes: copy.changes,
          };
          const target = targets[level] as Record<string, unknown>;
          withOwnKey(target, key, value);
          const result = submittedRequestSchema.safeParse(copy);
          expect(result.success).toBe(false);
          const codes = result.error?.issues.map((issue) => issue.code);
          expect(codes).toContain('unrecognized_keys');
        },
      ),
      RUNS,
    );
  });
});

const secretArb = fc
  .uint8Array({ minLength: 24, maxLength: 64 })
  .map((bytes) => `whsec_${Buffer.from(bytes).toString('base64')}`);
const webhookIdArb = fc.stringMatching(/^msg_[A-Za-z0-9_-]{1,40}$/);
// Bodies arrive as bytes and are decoded as UTF-8, so they never hold lone surrogates.
const bodyArb = fc.string({ unit: 'binary', maxLength: 300 });
const WINDOW_S = 5 * 60;

function headersFor(secret: string, id: string, seconds: number, body: string) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(seconds),
    'webhook-signature': new Webhook(secret).sign(id, new Date(seconds * 1000), body),
  };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function expectRefused(attempt: () => unknown): void {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(Problem);
    expect((error as Problem).status).toBe(401);
    return;
  }
  throw new Error('the delivery was accepted');
}

/** Replaces the byte at `index` by another value (xor with 1–255). */
function flipByte(bytes: Buffer, index: number, mask: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index] = (copy[index] as number) ^ mask;
  return copy;
}

describe('verifyDelivery', () => {
  it('accepts every correctly signed delivery within ±5 minutes', () => {
    fc.assert(
      fc.property(
        secretArb,
        webhookIdArb,
        bodyArb,
        fc.integer({ min: -(WINDOW_S - 5), max: WINDOW_S - 5 }),
        (secret, id, body, skew) => {
          const headers = headersFor(secret, id, nowSeconds() + skew, body);
          expect(verifyDelivery(body, headers, [secret])).toEqual({ webhookId: id });
        },
      ),
      RUNS,
    );
  });

  it('refuses a body with any single byte changed', () => {
    fc.assert(
      fc.property(
        secretArb,
        webhookIdArb,
        bodyArb.filter((body) => body.length > 0),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (secret, id, body, at, mask) => {
          const headers = headersFor(secret, id, nowSeconds(), body);
          const bytes = Buffer.from(body, 'utf8');
          const changed = flipByte(bytes, at % bytes.length, mask).toString('utf8');
          expectRefused(() => verifyDelivery(changed, headers, [secret]));
        },
      ),
      RUNS,
    );
  });

  it('refuses a webhook-id or webhook-timestamp with any single byte changed', () => {
    fc.assert(
      fc.property(
        secretArb,
        webhookIdArb,
        bodyArb,
        fc.constantFrom('webhook-id', 'webhook-timestamp'),
        fc.nat(),
        fc.integer({ min: 1, max: 127 }),
        (secret, id, body, header, at, mask) => {
          const headers = headersFor(secret, id, nowSeconds(), body);
          const bytes = Buffer.from(headers[header], 'latin1');
          const changed = flipByte(bytes, at % bytes.length, mask).toString('latin1');
          expectRefused(() => verifyDelivery(body, { ...headers, [header]: changed }, [secret]));
        },
      ),
      RUNS,
    );
  });

  it('refuses a webhook-timestamp that is not plain decimal seconds', () => {
    fc.assert(
      fc.property(
        secretArb,
        webhookIdArb,
        bodyArb,
        fc.constantFrom('.0', '.999', 'e3', ' ', 'x', '000'),
        fc.boolean(),
        (secret, id, body, junk, before) => {
          const seconds = nowSeconds();
          const headers = headersFor(secret, id, seconds, body);
          const timestamp = before ? `${junk.trim() || '+'}${seconds}` : `${seconds}${junk}`;
          expectRefused(() =>
            verifyDelivery(body, { ...headers, 'webhook-timestamp': timestamp }, [secret]),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses timestamps outside ±5 minutes, even correctly signed', () => {
    fc.assert(
      fc.property(
        secretArb,
        webhookIdArb,
        bodyArb,
        fc.integer({ min: WINDOW_S + 2, max: 10 * 365 * 86_400 }),
        fc.boolean(),
        (secret, id, body, distance, future) => {
          const seconds = nowSeconds() + (future ? distance : -distance);
          const headers = headersFor(secret, id, seconds, body);
          expectRefused(() => verifyDelivery(body, headers, [secret]));
        },
      ),
      RUNS,
    );
  });

  it('accepts either secret during a rotation, and no other', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(secretArb, { minLength: 3, maxLength: 3 }),
        fc.nat({ max: 1 }),
        webhookIdArb,
        bodyArb,
        (secrets, signer, id, body) => {
          const [current, next, stranger] = secrets as [string, string, string];
          const valid = [current, next];
          const headers = headersFor(valid[signer] as string, id, nowSeconds(), body);
          expect(verifyDelivery(body, headers, valid).webhookId).toBe(id);
          expect(verifyDelivery(body, headers, [...valid].reverse()).webhookId).toBe(id);
          const forged = headersFor(stranger, id, nowSeconds(), body);
          expectRefused(() => verifyDelivery(body, forged, valid));
        },
      ),
      RUNS,
    );
  });

  it('refuses a missing header and a signature of another scheme version', () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const body = '{"id":"x"}';
    const headers = headersFor(secret, 'msg_1', nowSeconds(), body);
    const signature = headers['webhook-signature'].slice(3);
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      expectRefused(() => verifyDelivery(body, { ...headers, [name]: undefined }, [secret]));
    }
    for (const header of [`v2,${signature}`, `V1,${signature}`, `v1a,${signature}`, signature]) {
      expectRefused(() =>
        verifyDelivery(body, { ...headers, 'webhook-signature': header }, [secret]),
      );
    }
    // Several space-separated signatures are the scheme's way to rotate: one v1 match is enough.
    const several = `v1,${Buffer.alloc(32).toString('base64')}  v2,abc ${headers['webhook-signature']}`;
    expect(verifyDelivery(body, { ...headers, 'webhook-signature': several }, [secret])).toEqual({
      webhookId: 'msg_1',
    });
  });
});
