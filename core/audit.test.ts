import { describe, expect, it } from 'vitest';
import { chainEvents, GENESIS_HASH, type NewAuditEvent, verifyChain } from './audit.ts';
import type { AuditEvent } from './model.ts';

const NEW_EVENTS: NewAuditEvent[] = [
  { at: '2026-03-10T12:00:00.000Z', type: 'received', actor: 'upstream', detail: 'erasure' },
  {
    at: '2026-03-10T12:00:01.000Z',
    type: 'attempt',
    integration: 'stripe',
    actor: 'system',
    vendorStatus: 503,
    detail: 'DELETE /v1/customers/cus_ab…',
  },
  {
    at: '2026-03-10T12:00:06.000Z',
    type: 'attempt',
    integration: 'stripe',
    actor: 'system',
    vendorStatus: 200,
    detail: 'DELETE /v1/customers/cus_ab…',
  },
  {
    at: '2026-03-10T12:00:06.000Z',
    type: 'acknowledged',
    integration: 'stripe',
    actor: 'system',
    vendorStatus: 200,
    detail: 'customer deleted',
  },
];

const trail = () => chainEvents([], NEW_EVENTS);

describe('chainEvents', () => {
  it('starts the chain at the genesis hash and links each event to the one before', () => {
    const events = trail();
    expect(events).toHaveLength(4);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
    for (let i = 1; i < events.length; i++) {
      expect(events[i]?.prevHash).toBe(events[i - 1]?.hash);
    }
  });

  it('gives every event a distinct SHA-256 hex hash', () => {
    const hashes = trail().map((event) => event.hash);
    for (const hash of hashes) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('keeps the event fields as given', () => {
    const events = trail();
    expect(events.map(({ hash: _h, prevHash: _p, ...rest }) => rest)).toEqual(NEW_EVENTS);
  });

  it('is deterministic: the same events give the same hashes', () => {
    expect(trail()).toEqual(trail());
  });

  it('appending in two steps gives the same chain as appending at once', () => {
    const firstTwo = chainEvents([], NEW_EVENTS.slice(0, 2));
    expect(chainEvents(firstTwo, NEW_EVENTS.slice(2))).toEqual(trail());
  });

  it('does not change the trail it extends', () => {
    const start = chainEvents([], NEW_EVENTS.slice(0, 1));
    const copy = structuredClone(start);
    chainEvents(start, NEW_EVENTS.slice(1));
    expect(start).toEqual(copy);
  });

  it('the same event after a different history gets a different hash', () => {
    const a = chainEvents([], [NEW_EVENTS[0] as NewAuditEvent, NEW_EVENTS[3] as NewAuditEvent]);
    const b = chainEvents([], [NEW_EVENTS[1] as NewAuditEvent, NEW_EVENTS[3] as NewAuditEvent]);
    expect(a[1]?.hash).not.toBe(b[1]?.hash);
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain and an empty one', () => {
    expect(verifyChain(trail())).toEqual({ valid: true });
    expect(verifyChain([])).toEqual({ valid: true });
  });

  const edits: [string, (event: AuditEvent) => void][] = [
    [
      'at',
      (e) => {
        e.at = '2026-03-10T13:00:00.000Z';
      },
    ],
    [
      'type',
      (e) => {
        e.type = 'failed';
      },
    ],
    [
      'integration',
      (e) => {
        e.integration = 'auth0';
      },
    ],
    ['integration removed', (e) => void delete e.integration],
    [
      'actor',
      (e) => {
        e.actor = 'ops';
      },
    ],
    [
      'vendorStatus',
      (e) => {
        e.vendorStatus = 204;
      },
    ],
    ['vendorStatus removed', (e) => void delete e.vendorStatus],
    [
      'detail',
      (e) => {
        e.detail = 'DELETE /v1/customers/cus_zz…';
      },
    ],
    [
      'hash',
      (e) => {
        e.hash = 'f'.repeat(64);
      },
    ],
    [
      'prevHash',
      (e) => {
        e.prevHash = 'f'.repeat(64);
      },
    ],
  ];

  it.each(edits)('finds an edit of %s, at the edited event', (_field, edit) => {
    for (const index of [1, 3]) {
      const events = trail();
      edit(events[index] as AuditEvent);
      expect(verifyChain(events), `edit at ${index}`).toEqual({ valid: false, brokenAt: index });
    }
  });

  it('finds an edit of the first event', () => {
    const events = trail();
    (events[0] as AuditEvent).detail = 'rectification';
    expect(verifyChain(events)).toEqual({ valid: false, brokenAt: 0 });
  });

  it('finds an edit even when the edited event is re-hashed', () => {
    const events = trail();
    const tampered = chainEvents(events.slice(0, 1), [
      { ...(NEW_EVENTS[1] as NewAuditEvent), vendorStatus: 200 },
    ])[1] as AuditEvent;
    events[1] = tampered;
    // The re-hashed event is self-consistent; its successor no longer is.
    expect(verifyChain(events)).toEqual({ valid: false, brokenAt: 2 });
  });

  it('finds a deleted event in the middle, at its successor', () => {
    const events = trail();
    events.splice(1, 1);
    expect(verifyChain(events)).toEqual({ valid: false, brokenAt: 1 });
  });

  it('finds a deleted first event', () => {
    expect(verifyChain(trail().slice(1))).toEqual({ valid: false, brokenAt: 0 });
  });

  it('finds two events swapped', () => {
    const events = trail();
    const [second, third] = [events[1] as AuditEvent, events[2] as AuditEvent];
    events[1] = third;
    events[2] = second;
    expect(verifyChain(events)).toEqual({ valid: false, brokenAt: 1 });
  });

  it('finds an event inserted into the chain', () => {
    const events = trail();
    const forged = chainEvents(events.slice(0, 1), [
      { at: '2026-03-10T12:00:00.500Z', type: 'redrive', actor: 'ops' },
    ])[1] as AuditEvent;
    events.splice(1, 0, forged);
    expect(verifyChain(events)).toEqual({ valid: false, brokenAt: 2 });
  });
});
