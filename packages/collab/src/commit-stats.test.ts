import { describe, expect, it } from 'vitest';
import { CommitStats } from './commit-stats.ts';

describe('CommitStats', () => {
  it('gives count, nearest-rank p50/p99 and max of the interval, then starts anew', () => {
    const stats = new CommitStats();
    // 1..100 in a shuffled order
    for (let i = 0; i < 100; i++) stats.record(((i * 37) % 100) + 1);
    expect(stats.take()).toEqual({ count: 100, p50: 50, p99: 99, max: 100 });
    expect(stats.take()).toEqual({ count: 0, p50: 0, p99: 0, max: 0 });
    stats.record(3);
    expect(stats.take()).toEqual({ count: 1, p50: 3, p99: 3, max: 3 });
  });

  it('keeps a bounded sample of a long interval: count and max exact, percentiles close', () => {
    const stats = new CommitStats(1000);
    const n = 200_000;
    for (let i = 0; i < n; i++) stats.record((i % 1000) + 1);
    stats.record(5000);
    const s = stats.take();
    expect(s.count).toBe(n + 1);
    expect(s.max).toBe(5000);
    // a uniform sample of 1,000 out of 1..1000 repeated: its median is near 500
    expect(s.p50).toBeGreaterThan(400);
    expect(s.p50).toBeLessThan(600);
    expect(s.p99).toBeGreaterThan(950);
  });
});
