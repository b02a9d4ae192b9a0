import { describe, expect, it } from 'vitest';
import { cpuSeconds, percentile, rssKiB, spread } from '../src/measure.ts';

describe('percentile', () => {
  it('takes the nearest rank of unsorted values', () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile(v, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('spread', () => {
  it('gives median, min and max of the finite values', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
    expect(spread([4, Number.NaN, 1, 2, 3])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 });
    expect(spread([Number.NaN]).n).toBe(0);
  });
});

describe('/proc sampling', () => {
  it('reads this process’s CPU seconds (growing) and RSS', () => {
    const before = cpuSeconds(process.pid);
    const until = Date.now() + 60;
    while (Date.now() < until); // burn ≥ 6 clock ticks
    expect(cpuSeconds(process.pid)).toBeGreaterThan(before);
    expect(rssKiB(process.pid)).toBeGreaterThan(1024);
    expect(rssKiB(2 ** 22 + 12345)).toBeNaN();
  });
});
