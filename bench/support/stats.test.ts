import { describe, expect, it } from 'vitest';
import { median, quantile, summarize } from './stats.ts';

describe('latency statistics', () => {
  it('takes nearest-rank quantiles: values that were observed', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.99)).toBe(99);
    expect(quantile(sorted, 1)).toBe(100);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('summarizes unsorted samples', () => {
    const summary = summarize([30, 10, 20, 40]);
    expect(summary).toMatchObject({ count: 4, p50: 20, p99: 40, mean: 25, max: 40 });
    expect(median([3, 1, 2])).toBe(2);
  });
});
