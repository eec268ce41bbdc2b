import { describe, expect, it } from 'vitest';
import type { SandboxLogEntry } from './sandbox-admin.ts';
import { countVendorCalls, theoreticalMinimumSeconds } from './vendor-calls.ts';

const entry = (at: number, status: number, fault?: string): SandboxLogEntry => ({
  at,
  method: 'GET',
  path: '/x',
  status,
  fault,
});

describe('vendor calls against the limit', () => {
  it('counts served calls, refusals and the busiest second', () => {
    const log = [
      entry(0, 200),
      entry(100, 200),
      entry(200, 429, 'over-limit'),
      entry(900, 204),
      entry(1500, 404),
      entry(1600, 0, 'reset'),
    ];
    expect(countVendorCalls(log)).toEqual({ served: 4, refused: 1, peakPerSecond: 3 });
  });

  it('takes the slowest vendor as the floor', () => {
    expect(
      theoreticalMinimumSeconds([
        { served: 3000, perSecond: 50 },
        { served: 3000, perSecond: 25 },
      ]),
    ).toBe(120);
    expect(theoreticalMinimumSeconds([])).toBe(0);
  });
});
