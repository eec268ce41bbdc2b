import { describe, expect, it } from 'vitest';
import { addMonths, DUE_SOON_MS, isDueSoon, isOverdue, legalDeadline } from './deadline.ts';

const iso = (date: Date) => date.toISOString();

describe('legalDeadline', () => {
  it('is the same day and time one month later', () => {
    expect(iso(legalDeadline(new Date('2026-03-10T09:30:15.250Z')))).toBe(
      '2026-04-10T09:30:15.250Z',
    );
  });

  it('ends on Feb 29 for a request made on Jan 31 of a leap year', () => {
    expect(iso(legalDeadline(new Date('2024-01-31T10:00:00.000Z')))).toBe(
      '2024-02-29T10:00:00.000Z',
    );
  });

  it('ends on Feb 28 for a request made on Jan 31 of a common year', () => {
    expect(iso(legalDeadline(new Date('2026-01-31T10:00:00.000Z')))).toBe(
      '2026-02-28T10:00:00.000Z',
    );
  });

  it('ends on Feb 29 for Jan 29 and Jan 30 of a leap year', () => {
    expect(iso(legalDeadline(new Date('2028-01-29T00:00:00.000Z')))).toBe(
      '2028-02-29T00:00:00.000Z',
    );
    expect(iso(legalDeadline(new Date('2028-01-30T00:00:00.000Z')))).toBe(
      '2028-02-29T00:00:00.000Z',
    );
  });

  it('clamps to the last day of a 30-day month', () => {
    expect(iso(legalDeadline(new Date('2026-03-31T23:59:59.999Z')))).toBe(
      '2026-04-30T23:59:59.999Z',
    );
  });

  it('rolls December over into January of the next year', () => {
    expect(iso(legalDeadline(new Date('2026-12-15T08:00:00.000Z')))).toBe(
      '2027-01-15T08:00:00.000Z',
    );
    expect(iso(legalDeadline(new Date('2026-12-31T23:00:00.000Z')))).toBe(
      '2027-01-31T23:00:00.000Z',
    );
  });

  it('does not change the date it was given', () => {
    const requestedAt = new Date('2026-01-31T10:00:00.000Z');
    legalDeadline(requestedAt);
    expect(iso(requestedAt)).toBe('2026-01-31T10:00:00.000Z');
  });
});

describe('addMonths', () => {
  it('adds several months, clamping only the final month', () => {
    expect(iso(addMonths(new Date('2026-01-31T00:00:00.000Z'), 3))).toBe(
      '2026-04-30T00:00:00.000Z',
    );
    expect(iso(addMonths(new Date('2026-08-31T00:00:00.000Z'), 6))).toBe(
      '2027-02-28T00:00:00.000Z',
    );
  });
});

describe('isOverdue', () => {
  const deadline = '2026-04-10T12:00:00.000Z';
  const at = (offsetMs: number) => new Date(Date.parse(deadline) + offsetMs);

  it('is not overdue at the deadline itself', () => {
    expect(isOverdue(deadline, false, at(0))).toBe(false);
  });

  it('is overdue one millisecond after the deadline', () => {
    expect(isOverdue(deadline, false, at(1))).toBe(true);
  });

  it('is not overdue before the deadline', () => {
    expect(isOverdue(deadline, false, at(-1))).toBe(false);
  });

  it('is never overdue once completed', () => {
    expect(isOverdue(deadline, true, at(30 * 24 * 3600 * 1000))).toBe(false);
  });
});

describe('isDueSoon', () => {
  const deadline = '2026-04-10T12:00:00.000Z';
  const left = (ms: number) => new Date(Date.parse(deadline) - ms);

  it('is due soon with just under seven days left', () => {
    expect(isDueSoon(deadline, false, left(DUE_SOON_MS - 1))).toBe(true);
  });

  it('is not due soon with exactly seven days left', () => {
    expect(DUE_SOON_MS).toBe(7 * 24 * 3600 * 1000);
    expect(isDueSoon(deadline, false, left(DUE_SOON_MS))).toBe(false);
  });

  it('is due soon at the deadline itself', () => {
    expect(isDueSoon(deadline, false, left(0))).toBe(true);
  });

  it('is not due soon once overdue', () => {
    expect(isDueSoon(deadline, false, left(-1))).toBe(false);
  });

  it('is not due soon once completed', () => {
    expect(isDueSoon(deadline, true, left(3600 * 1000))).toBe(false);
  });
});
