import { ADA } from './hub-watch.ts';

/** One hostile body for `POST /v1/requests`, correctly signed, and the answer it must get. */
export interface BodyCase {
  label: string;
  status: number;
  payload: string;
  /** The request id the body names, if any: it must not be stored. */
  id?: string;
}

interface Subject {
  email?: unknown;
  ids?: Record<string, unknown>;
}

/** A request body as the corpus bends it: any field may come to hold anything. */
export interface RequestBody {
  [key: string]: unknown;
  id: unknown;
  subject: Subject;
  changes?: Record<string, unknown>;
}

let serial = 0;
const nextId = () => `hostile-${++serial}`;

/** An erasure aimed at Ada's real records: if a refusal leaked through, her data would go. */
export function adaErasure(id: string = nextId()): RequestBody {
  return {
    id,
    type: 'erasure',
    subject: {
      email: ADA.email,
      ids: { auth0: ADA.auth0, stripe: ADA.stripe, github: ADA.github },
    },
  };
}

function adaRectification(id: string = nextId()): RequestBody {
  return { ...adaErasure(id), type: 'rectification', changes: { name: 'Ada King' } };
}

/** A case whose body is `value` as JSON, after `change` edited a fresh erasure of Ada. */
function edited(
  label: string,
  status: number,
  change: (body: RequestBody) => unknown,
  base: () => RequestBody = () => adaErasure(),
): BodyCase {
  const body = base();
  const id = body.id as string;
  const replaced = change(body);
  const value = replaced === undefined ? body : replaced;
  return { label, status, payload: JSON.stringify(value), id };
}

/** Sets an own property, as JSON.parse does, so `__proto__` is a key and not the prototype. */
function ownKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function raw(label: string, payload: string, status = 400): BodyCase {
  return { label, status, payload };
}

function malformedJson(): BodyCase[] {
  const whole = JSON.stringify(adaErasure('hostile-truncated'));
  const truncated = [0.25, 0.5, 0.75].map((share) =>
    raw(`JSON truncated at ${share * 100}%`, whole.slice(0, Math.floor(whole.length * share))),
  );
  return [
    ...truncated,
    { ...raw('JSON missing its last byte', whole.slice(0, -1)), id: 'hostile-truncated' },
    raw('an empty body', ''),
    raw('a lone brace', '{'),
    raw('single-quoted JSON', "{'id': 'x', 'type': 'erasure'}"),
    raw('unquoted keys', '{id: "x", type: "erasure"}'),
    raw('a trailing comma', whole.replace(/}$/, ',}')),
    raw('NaN', whole.replace(/}$/, ',"n":NaN}')),
    raw('a comment', `/* hi */${whole}`),
    raw('a byte-order mark', `\uFEFF${whole}`),
    raw('two documents', `${whole}${whole}`),
    raw('trailing garbage', `${whole} x`),
    raw('a bad escape', '{"id":"\\x41"}'),
    raw('JSON null', 'null'),
    raw('a JSON array', '[]'),
    raw('a JSON string', '"erasure"'),
    raw('a JSON number', '42'),
  ];
}

function wrongTypes(): BodyCase[] {
  return [
    edited('a numeric id', 400, (b) => {
      b.id = 42;
    }),
    edited('a null id', 400, (b) => {
      b.id = null;
    }),
    edited('type as an array', 400, (b) => {
      b.type = ['erasure'];
    }),
    edited('an unknown type', 400, (b) => {
      b.type = 'portability';
    }),
    edited('subject as a string', 400, (b) => {
      Object.assign(b, { subject: ADA.email });
    }),
    edited('a numeric email', 400, (b) => {
      b.subject.email = 12;
    }),
    edited('githubRepos as a string', 400, (b) => {
      b.subject.ids = { ...b.subject.ids, githubRepos: 'dsr-hub-demo/site-ada' };
    }),
    edited('googleAnalytics as an object', 400, (b) => {
      b.subject.ids = { ...b.subject.ids, googleAnalytics: { id: 'GA1.2.1234.5678' } };
    }),
    edited('integrations as a string', 400, (b) => {
      b.integrations = 'auth0';
    }),
    edited('integrations of numbers', 400, (b) => {
      b.integrations = [1];
    }),
    edited('requestedAt as a number', 400, (b) => {
      b.requestedAt = 1_700_000_000;
    }),
    edited('requestedAt in words', 400, (b) => {
      b.requestedAt = 'yesterday';
    }),
    edited('a javascript: callback', 400, (b) => {
      b.callbackUrl = 'javascript:alert(1)';
    }),
    edited('a file: callback', 400, (b) => {
      b.callbackUrl = 'file:///etc/passwd';
    }),
    edited(
      'changes as an array',
      400,
      (b) => {
        Object.assign(b, { changes: [{ name: 'A' }] });
      },
      adaRectification,
    ),
  ];
}

function hugeValues(): BodyCase[] {
  return [
    edited('a 10,000-character email', 400, (b) => {
      b.subject.email = `${'a'.repeat(10_000)}@example.com`;
    }),
    edited(
      'a 60,000-character name',
      400,
      (b) => {
        b.changes = { name: 'A'.repeat(60_000) };
      },
      adaRectification,
    ),
    edited('a 129-character id', 400, (b) => {
      b.id = 'x'.repeat(129);
    }),
    edited('a 300-character Auth0 id', 400, (b) => {
      b.subject.ids = { ...b.subject.ids, auth0: `auth0|${'9'.repeat(300)}` };
    }),
    edited('5,000 Google Analytics ids', 400, (b) => {
      b.subject.ids = {
        ...b.subject.ids,
        googleAnalytics: Array.from({ length: 5000 }, () => 'GA1.2.1.1'),
      };
    }),
    edited('5,000 integrations', 400, (b) => {
      b.integrations = Array.from({ length: 5000 }, () => 'auth0');
    }),
    edited('2,000 repositories', 400, (b) => {
      b.subject.ids = { ...b.subject.ids, githubRepos: Array.from({ length: 2000 }, () => 'a/b') };
    }),
  ];
}

function deepNesting(): BodyCase[] {
  const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const inside = (slot: string, nested: string) => {
    const id = nextId();
    const body = JSON.stringify({ ...adaErasure(id), [slot]: '§' }).replace('"§"', nested);
    return { body, id };
  };
  const email = (() => {
    const id = nextId();
    const body = JSON.stringify(adaErasure(id)).replace(`"${ADA.email}"`, arrays(10_000));
    return { label: '10,000 nested arrays as the email', status: 400, payload: body, id };
  })();
  const auth0 = (() => {
    const id = nextId();
    const body = JSON.stringify(adaErasure(id)).replace(`"${ADA.auth0}"`, objects(10_000));
    return { label: '10,000 nested objects as an Auth0 id', status: 400, payload: body, id };
  })();
  const unknown = inside('extra', arrays(10_000));
  return [
    email,
    auth0,
    {
      label: '10,000 nested arrays under an unknown key',
      status: 400,
      payload: unknown.body,
      id: unknown.id,
    },
    raw('30,000 nested arrays as the whole body', arrays(30_000)),
  ];
}

function controlCharacters(): BodyCase[] {
  return [
    edited('NUL after the email', 400, (b) => {
      b.subject.email = `${ADA.email}\u0000`;
    }),
    edited('NUL inside the email', 400, (b) => {
      b.subject.email = 'ada\u0000@example.com';
    }),
    edited(
      'NUL in a name',
      400,
      (b) => {
        b.changes = { name: 'Ada\u0000' };
      },
      adaRectification,
    ),
    edited(
      'an ANSI escape in a name',
      400,
      (b) => {
        b.changes = { name: '\u001b[31mAda' };
      },
      adaRectification,
    ),
    edited(
      'a C1 control (NEL) in a name',
      400,
      (b) => {
        b.changes = { name: 'Ada\u0085King' };
      },
      adaRectification,
    ),
    edited('a CR LF header injection in an Auth0 id', 400, (b) => {
      b.subject.ids = { ...b.subject.ids, auth0: `${ADA.auth0}\r\nX-Injected: 1` };
    }),
    edited('a C1 CSI in an Auth0 id', 400, (b) => {
      b.subject.ids = { ...b.subject.ids, auth0: `${ADA.auth0}\u009b2J` };
    }),
    edited('a BEL in a GitHub login', 400, (b) => {
      b.subject.ids = { ...b.subject.ids, github: `${ADA.github}\u0007` };
    }),
    edited('a newline in the request id', 400, (b) => {
      b.id = `${b.id}\nx`;
    }),
    edited('a zero-width space in the email', 400, (b) => {
      b.subject.email = 'ada\u200b@example.com';
    }),
    edited('a full-width @ in the email', 400, (b) => {
      b.subject.email = 'ada\uff20example.com';
    }),
    edited('a Cyrillic letter in the email domain', 400, (b) => {
      b.subject.email = 'ada@ex\u0430mple.com';
    }),
    edited('two addresses in one email', 400, (b) => {
      b.subject.email = `${ADA.email}, grace@example.com`;
    }),
    edited('a header injection in the email', 400, (b) => {
      b.subject.email = `${ADA.email}\nbcc: grace@example.com`;
    }),
  ];
}

function prototypeKeys(): BodyCase[] {
  const cases: BodyCase[] = [];
  const levels: Record<string, (body: RequestBody) => Record<string, unknown>> = {
    'the top level': (b) => b,
    subject: (b) => b.subject as Record<string, unknown>,
    'subject.ids': (b) => {
      b.subject.ids ??= {};
      return b.subject.ids;
    },
    changes: (b) => {
      b.changes ??= {};
      return b.changes;
    },
  };
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    for (const [level, at] of Object.entries(levels)) {
      cases.push(
        edited(
          `${key} in ${level}`,
          400,
          (b) => {
            ownKey(at(b), key, { polluted: 'yes', isAdmin: true, auth0: ADA.auth0 });
          },
          adaRectification,
        ),
      );
    }
  }
  return cases;
}

function hostileRequestIds(): BodyCase[] {
  const ids = [
    '../etc/passwd',
    '..%2F..%2Fetc',
    '%2e%2e',
    'a/b',
    'a#b',
    'REQ#hostile',
    'a|b',
    'a b',
    ':pk OR attribute_exists(pk)',
    "x' OR '1'='1",
    '$(touch /tmp/pwned)',
    '',
    // Dot segments: a client's URL parser turns /v1/requests/.. into /v1/ (even as %2e%2e).
    '..',
    '.',
  ];
  return ids.map((id) => ({
    label: `request id ${JSON.stringify(id)}`,
    status: 400,
    payload: JSON.stringify(adaErasure(id)),
    id,
  }));
}

/**
 * Subject ids that no URL can carry as one path segment: WHATWG URL parsers (fetch, the
 * vendors' SDKs) collapse `.` and `..`, even percent-encoded, so `DELETE /orgs/{org}/members/..`
 * would become `DELETE /orgs/{org}/`.
 */
function dotSegmentSubjectIds(): BodyCase[] {
  const only = (ids: Record<string, unknown>) => (b: RequestBody) => {
    b.subject = { ids };
  };
  return [
    edited('Auth0 id ".."', 400, only({ auth0: '..' })),
    edited('Stripe id "."', 400, only({ stripe: '.' })),
    edited('GitHub login ".."', 400, only({ github: '..' })),
    edited('Inline Manual id ".."', 400, only({ inlineManual: '..' })),
    edited('repository "dsr-hub-demo/.."', 400, only({ githubRepos: ['dsr-hub-demo/..'] })),
  ];
}

/** Every hostile body of the corpus that is correctly signed and must be refused. */
export function hostileBodies(): BodyCase[] {
  return [
    ...malformedJson(),
    ...wrongTypes(),
    ...hugeValues(),
    ...deepNesting(),
    ...controlCharacters(),
    ...prototypeKeys(),
    ...hostileRequestIds(),
    ...dotSegmentSubjectIds(),
  ];
}
