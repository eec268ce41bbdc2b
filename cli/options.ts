import { InvalidArgumentError } from 'commander';

/** A commander parser for a whole number in [min, max]; anything else is a usage error. */
export function integerBetween(min: number, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return number;
  };
}

/** A commander parser for an ISO 8601 date or date-time, passed on as written. */
export function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    throw new InvalidArgumentError('expected an ISO date such as 2026-11-01 or 2026-11-01T00:00Z');
  }
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError('not a real date');
  return value;
}

/** Whether to draw a progress bar: only for a person at a terminal, never into --json output. */
export function wantsProgress(json: boolean | undefined): boolean {
  return !json && process.stderr.isTTY === true;
}
