import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CompactTrigger } from './compaction.ts';

const config = { compactAfterUpdates: 10, compactAfterMs: 30_000, compactAfterLoadMs: 1000, compactWhenQuietMs: 3000 };

describe('CompactTrigger', () => {
  let fired: number;
  let trigger: CompactTrigger;
  beforeEach(() => {
    vi.useFakeTimers();
    fired = 0;
    trigger = new CompactTrigger(() => fired++, config);
  });
  afterEach(() => {
    trigger.stop();
    vi.useRealTimers();
  });

  it('compacts once the log is long, and again at once only while what is left is still long', () => {
    trigger.committed(12);
    expect(fired).toBe(1);
    trigger.compacted(11);
    vi.advanceTimersByTime(100);
    expect(fired).toBe(1);

    trigger.committed(12);
    expect(fired).toBe(2);
    // 13 logged, 2 folded in: 11 left, still long
    trigger.compacted(2);
    vi.advanceTimersByTime(0);
    expect(fired).toBe(3);
  });

  it('does not compact again and again when a compaction folded nothing (another process compacted the log)', () => {
    trigger.committed(12);
    expect(fired).toBe(1);
    trigger.compacted(0);
    vi.advanceTimersByTime(2000);
    expect(fired).toBe(1);
    // counted afresh from the next commits: a short log is compacted once the edits stop
    trigger.committed(5);
    vi.advanceTimersByTime(config.compactWhenQuietMs);
    expect(fired).toBe(2);
  });

  it('compacts a table edited without pause once its oldest un-compacted update is compactAfterMs old', () => {
    const busy = new CompactTrigger(() => fired++, { ...config, compactAfterUpdates: 1000 });
    for (let s = 0; s < 29; s++) {
      busy.committed(1);
      vi.advanceTimersByTime(1000);
    }
    expect(fired).toBe(0);
    busy.committed(1);
    vi.advanceTimersByTime(1000);
    expect(fired).toBe(1);
    busy.stop();
  });
});
