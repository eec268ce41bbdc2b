import { describe, expect, it } from 'vitest';
import { classifyFailure, retryAfterFromHeaders } from './failure.ts';
import type { VendorExchange } from './vendor-call.ts';

const now = new Date('2026-03-10T12:00:00.000Z');
const nowEpochSeconds = Math.floor(now.getTime() / 1000);

const answer = (status: number, headers: Record<string, string> = {}): VendorExchange => ({
  method: 'DELETE',
  path: '/api/v2/users/auth0|65f0…',
  status,
  headers,
});

const classify = (exchanges: VendorExchange[], error: unknown = new Error('vendor said no')) =>
  classifyFailure(error, exchanges, now, 'vendor said no');

describe('classifyFailure: rate limits', () => {
  it('429 with Retry-After in seconds retries after that long, as a rate limit', () => {
    expect(classify([answer(429, { 'retry-after': '2' })])).toEqual({
      kind: 'retry',
      error: 'vendor said no',
      vendorStatus: 429,
      retryAfterMs: 2_000,
      rateLimited: true,
    });
  });

  it('429 with Retry-After as an HTTP date retries at that date', () => {
    const outcome = classify([answer(429, { 'retry-after': 'Tue, 10 Mar 2026 12:00:30 GMT' })]);
    expect(outcome).toMatchObject({ kind: 'retry', rateLimited: true, retryAfterMs: 30_000 });
  });

  it('429 with a Retry-After date already past retries at once', () => {
    const outcome = classify([answer(429, { 'retry-after': 'Tue, 10 Mar 2026 11:59:00 GMT' })]);
    expect(outcome).toMatchObject({ kind: 'retry', rateLimited: true, retryAfterMs: 0 });
  });

  it('429 with x-ratelimit-reset (epoch seconds) retries at the reset', () => {
    const outcome = classify([answer(429, { 'x-ratelimit-reset': String(nowEpochSeconds + 45) })]);
    expect(outcome).toMatchObject({ kind: 'retry', rateLimited: true, retryAfterMs: 45_000 });
  });

  it('prefers Retry-After over x-ratelimit-reset', () => {
    const outcome = classify([
      answer(429, { 'retry-after': '3', 'x-ratelimit-reset': String(nowEpochSeconds + 45) }),
    ]);
    expect(outcome).toMatchObject({ retryAfterMs: 3_000 });
  });

  it('429 without any hint is still a rate limit, with no retryAfterMs', () => {
    const outcome = classify([answer(429)]);
    expect(outcome).toMatchObject({ kind: 'retry', rateLimited: true, vendorStatus: 429 });
    expect(outcome.kind === 'retry' && outcome.retryAfterMs).toBeUndefined();
  });

  it('GitHub 403 with x-ratelimit-remaining 0 is a rate limit with the reset as hint', () => {
    const outcome = classify([
      answer(403, {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(nowEpochSeconds + 600),
      }),
    ]);
    expect(outcome).toEqual({
      kind: 'retry',
      error: 'vendor said no',
      vendorStatus: 403,
      retryAfterMs: 600_000,
      rateLimited: true,
    });
  });

  it('GitHub 403 with Retry-After (secondary rate limit) is a rate limit', () => {
    const outcome = classify([answer(403, { 'retry-after': '60' })]);
    expect(outcome).toMatchObject({ kind: 'retry', rateLimited: true, retryAfterMs: 60_000 });
  });

  it('GitHub 403 with budget left is a permanent refusal, not a rate limit', () => {
    const outcome = classify([answer(403, { 'x-ratelimit-remaining': '4999' })]);
    expect(outcome).toEqual({ kind: 'failed', error: 'vendor said no', vendorStatus: 403 });
  });
});

describe('classifyFailure: server errors and permanent refusals', () => {
  it.each([500, 502, 503])('%i retries on the schedule (not a rate limit)', (status) => {
    const outcome = classify([answer(status)]);
    expect(outcome).toMatchObject({ kind: 'retry', vendorStatus: status });
    expect(outcome.kind === 'retry' && outcome.rateLimited).toBeFalsy();
  });

  it('503 with Retry-After passes the hint on', () => {
    expect(classify([answer(503, { 'retry-after': '120' })])).toMatchObject({
      kind: 'retry',
      retryAfterMs: 120_000,
    });
  });

  it.each([400, 401, 403, 404, 422])('%i fails at once', (status) => {
    expect(classify([answer(status)])).toEqual({
      kind: 'failed',
      error: 'vendor said no',
      vendorStatus: status,
    });
  });

  it('judges by the last HTTP answer of the action', () => {
    const lookup: VendorExchange = { method: 'GET', path: '/v1/customers/cus_ab…', status: 200 };
    expect(classify([lookup, answer(503)])).toMatchObject({ kind: 'retry', vendorStatus: 503 });
    expect(classify([answer(503), answer(404)])).toMatchObject({
      kind: 'failed',
      vendorStatus: 404,
    });
  });
});

describe('classifyFailure: Stripe-Should-Retry', () => {
  // A 409 is neither a rate limit nor a 5xx: the header alone decides.
  it('retries a 409 when Stripe says it should', () => {
    expect(classify([answer(409, { 'stripe-should-retry': 'true' })])).toMatchObject({
      kind: 'retry',
      vendorStatus: 409,
    });
  });

  it('fails a 409 when Stripe says it should not be retried', () => {
    expect(classify([answer(409, { 'stripe-should-retry': 'false' })])).toEqual({
      kind: 'failed',
      error: 'vendor said no',
      vendorStatus: 409,
    });
  });
});

describe('classifyFailure: no HTTP answer', () => {
  it('retries a network error (no status, an error name)', () => {
    const outcome = classify([
      { method: 'DELETE', path: '/v1/customers/x…', error: 'TimeoutError' },
    ]);
    expect(outcome).toEqual({ kind: 'retry', error: 'vendor said no', retryAfterMs: undefined });
  });

  it('retries when the action never reached the vendor at all', () => {
    expect(classify([])).toMatchObject({ kind: 'retry' });
  });

  it('judges by the network error even after an earlier permanent answer', () => {
    expect(
      classify([answer(404), { method: 'DELETE', path: '/x', error: 'ECONNRESET' }]),
    ).toMatchObject({ kind: 'retry' });
  });
});

describe('classifyFailure: an error that carries retryAfterMs', () => {
  const throttled = Object.assign(new Error('slow down'), { retryAfterMs: 1_500 });

  it('passes the error own hint on for a network error', () => {
    expect(classify([], throttled)).toMatchObject({ kind: 'retry', retryAfterMs: 1_500 });
  });

  it('prefers the error own hint over the headers', () => {
    expect(classify([answer(429, { 'retry-after': '30' })], throttled)).toMatchObject({
      kind: 'retry',
      rateLimited: true,
      retryAfterMs: 1_500,
    });
  });

  it('ignores a retryAfterMs that is not a finite number', () => {
    const odd = Object.assign(new Error('odd'), { retryAfterMs: '1500' });
    expect(classify([answer(429, { 'retry-after': '30' })], odd)).toMatchObject({
      retryAfterMs: 30_000,
    });
  });
});

describe('retryAfterFromHeaders', () => {
  it('is undefined without headers or without a hint', () => {
    expect(retryAfterFromHeaders(undefined, now)).toBeUndefined();
    expect(retryAfterFromHeaders({ 'x-other': '1' }, now)).toBeUndefined();
  });

  it('never returns a negative wait for a reset in the past', () => {
    expect(retryAfterFromHeaders({ 'x-ratelimit-reset': String(nowEpochSeconds - 10) }, now)).toBe(
      0,
    );
  });
});
