import { describe, expect, it } from 'vitest';
import { deliveryOutcome, isPartnerDisabled } from './delivery-outcome.ts';

const now = new Date('2026-11-29T10:00:00Z');
const wording = {
  recipient: 'partner',
  awaiting: 'notified, awaiting partner confirmation',
  gone: 'partner endpoint gone; partner disabled',
};

describe('deliveryOutcome', () => {
  it.each([200, 202, 204])('waits for the ack after %i', (status) => {
    expect(deliveryOutcome(status, null, now, wording)).toEqual({
      kind: 'awaiting_ack',
      evidence: { vendorStatus: status, detail: 'notified, awaiting partner confirmation' },
    });
  });

  it('gives up on 410 and says the partner is disabled', () => {
    const outcome = deliveryOutcome(410, null, now, wording);

    expect(outcome).toEqual({
      kind: 'failed',
      error: 'partner endpoint gone; partner disabled',
      vendorStatus: 410,
      disable: true,
    });
    expect(isPartnerDisabled(outcome)).toBe(true);
    expect(isPartnerDisabled(deliveryOutcome(404, null, now, wording))).toBe(false);
    expect(isPartnerDisabled(deliveryOutcome(200, null, now, wording))).toBe(false);
  });

  it('slows down on 429 with the Retry-After in seconds or as a date', () => {
    expect(deliveryOutcome(429, '7', now, wording)).toEqual({
      kind: 'retry',
      error: '429 partner rate limited; Retry-After 7',
      vendorStatus: 429,
      retryAfterMs: 7000,
      rateLimited: true,
    });
    expect(deliveryOutcome(429, 'Sun, 29 Nov 2026 10:01:00 GMT', now, wording)).toMatchObject({
      kind: 'retry',
      retryAfterMs: 60_000,
    });
  });

  it.each([502, 504])('slows down on %i without counting it as a rate limit', (status) => {
    expect(deliveryOutcome(status, '30', now, wording)).toEqual({
      kind: 'retry',
      error: `${status} partner overloaded; slowing down; Retry-After 30`,
      vendorStatus: status,
      retryAfterMs: 30_000,
    });
  });

  it.each([500, 503])('tries again after %i', (status) => {
    expect(deliveryOutcome(status, null, now, wording)).toMatchObject({
      kind: 'retry',
      vendorStatus: status,
      retryAfterMs: undefined,
    });
  });

  it.each([400, 401, 403, 404, 422, 301, 302, 307])('gives up on %i', (status) => {
    expect(deliveryOutcome(status, null, now, wording)).toMatchObject({
      kind: 'failed',
      vendorStatus: status,
    });
  });
});
