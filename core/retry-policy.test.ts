import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE, nextRetryDelay, parseRetrySchedule } from './retry-policy.ts';

const noJitter = () => 0;
const maxJitter = () => 0.999_999;

describe('parseRetrySchedule', () => {
  it('uses the contract default when the variable is unset or blank', () => {
    const contractDefault = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];
    expect(parseRetrySchedule(undefined)).toEqual(contractDefault);
    expect(parseRetrySchedule('')).toEqual(contractDefault);
    expect(parseRetrySchedule('   ')).toEqual(contractDefault);
    expect(DEFAULT_RETRY_SCHEDULE).toEqual(contractDefault);
  });

  it('reads a custom comma list of seconds, tolerating spaces', () => {
    expect(parseRetrySchedule('1, 2 ,3')).toEqual([1, 2, 3]);
    expect(parseRetrySchedule('0,0.5,10')).toEqual([0, 0.5, 10]);
  });

  it.each([
    ['a word', '5,soon,60'],
    ['a negative number', '5,-1'],
    ['infinity', '5,Infinity'],
  ])('refuses %s and names HUB_RETRY_SCHEDULE', (_label, value) => {
    expect(() => parseRetrySchedule(value)).toThrow(/HUB_RETRY_SCHEDULE/);
  });

  it('refuses an empty entry instead of reading it as 0 seconds', () => {
    // A stray comma is a typo, not a wish for an immediate retry.
    expect(() => parseRetrySchedule('5,,300')).toThrow(/HUB_RETRY_SCHEDULE/);
    expect(() => parseRetrySchedule('5,300,')).toThrow(/HUB_RETRY_SCHEDULE/);
  });
});

describe('nextRetryDelay on the schedule', () => {
  const schedule = [5, 300, 1800];
  const delay = (failures: number, extra: { hintMs?: number; random?: () => number } = {}) =>
    nextRetryDelay({
      schedule,
      failures,
      rateLimited: false,
      throttles: 0,
      random: noJitter,
      ...extra,
    }).delayMs;

  it('takes the entry for the failure count: the first failure waits schedule[0]', () => {
    expect(delay(1)).toBe(5_000);
    expect(delay(2)).toBe(300_000);
    expect(delay(3)).toBe(1_800_000);
  });

  it('gives up (undefined) once the schedule is used up', () => {
    expect(delay(4)).toBeUndefined();
    expect(delay(40)).toBeUndefined();
  });

  it('gives up even when the vendor hints at a time', () => {
    expect(delay(4, { hintMs: 1_000 })).toBeUndefined();
  });

  it('adds between 0% and 20% jitter', () => {
    expect(delay(2, { random: noJitter })).toBe(300_000);
    expect(delay(2, { random: () => 0.5 })).toBe(330_000);
    const highest = delay(2, { random: maxJitter });
    expect(highest).toBeGreaterThan(359_000);
    expect(highest).toBeLessThanOrEqual(360_000);
  });

  it('stays within the jitter bounds for any random value', () => {
    for (let step = 0; step < 100; step++) {
      const r = step / 100;
      const value = delay(3, { random: () => r });
      expect(value).toBeGreaterThanOrEqual(1_800_000);
      expect(value).toBeLessThanOrEqual(2_160_000);
    }
  });

  it('waits for the vendor hint of a 5xx when it is longer than the schedule', () => {
    expect(delay(1, { hintMs: 30_000 })).toBe(30_000);
  });

  it('keeps the schedule when the 5xx hint is shorter', () => {
    expect(delay(2, { hintMs: 1_000 })).toBe(300_000);
  });

  it('uses Math.random when no random source is given, within the bounds', () => {
    const value = nextRetryDelay({ schedule, failures: 1, rateLimited: false, throttles: 0 });
    expect(value.delayMs).toBeGreaterThanOrEqual(5_000);
    expect(value.delayMs).toBeLessThanOrEqual(6_000);
  });
});

describe('nextRetryDelay for rate limits', () => {
  const rateLimited = (
    throttles: number,
    extra: { hintMs?: number; failures?: number; random?: () => number } = {},
  ) =>
    nextRetryDelay({
      schedule: [5],
      failures: extra.failures ?? 0,
      rateLimited: true,
      throttles,
      random: extra.random ?? noJitter,
      ...(extra.hintMs === undefined ? {} : { hintMs: extra.hintMs }),
    }).delayMs;

  it('follows the vendor hint, plus a little jitter, over the backoff', () => {
    expect(rateLimited(1, { hintMs: 2_000 })).toBe(2_100);
    const jittered = rateLimited(1, { hintMs: 2_000, random: maxJitter });
    expect(jittered).toBeGreaterThanOrEqual(2_100);
    expect(jittered).toBeLessThanOrEqual(2_120);
  });

  it('follows a short vendor hint even after many throttles', () => {
    // Without the hint, 10 throttles in a row would back off for a full minute.
    expect(rateLimited(10, { hintMs: 500 })).toBe(600);
  });

  it('follows a long vendor hint beyond the backoff cap', () => {
    expect(rateLimited(1, { hintMs: 3_600_000 })).toBe(3_600_100);
  });

  it('treats a negative hint (a reset time already past) as now', () => {
    expect(rateLimited(1, { hintMs: -5_000 })).toBe(100);
  });

  it('backs off exponentially from 1 s without a hint', () => {
    expect([1, 2, 3, 4, 5, 6].map((throttles) => rateLimited(throttles))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000,
    ]);
  });

  it('caps the hintless backoff at one minute', () => {
    expect(rateLimited(7)).toBe(60_000);
    expect(rateLimited(60)).toBe(60_000);
    expect(rateLimited(60, { random: maxJitter })).toBeLessThanOrEqual(72_000);
  });

  it('does not give up when the schedule is used up: rate limits do not count against it', () => {
    expect(rateLimited(3, { failures: 9 })).toBe(4_000);
  });
});
