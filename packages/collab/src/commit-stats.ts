/**
 * Receipt → committed latency of document updates (the durability figure): how long an update
 * applied to a room waited until its group commit resolved. Bounded: past `capacity` samples
 * since the last take, a uniform sample of them is kept (reservoir sampling), so the
 * percentiles still describe the whole interval; count and max stay exact.
 */
export interface CommitStatsSummary {
  /** updates committed since the last take */
  count: number;
  /** milliseconds; 0 when nothing was committed */
  p50: number;
  p99: number;
  max: number;
}

export class CommitStats {
  private readonly samples: Float64Array;
  private count = 0;
  private max = 0;

  constructor(capacity = 8192) {
    this.samples = new Float64Array(capacity);
  }

  record(ms: number): void {
    const n = this.count++;
    if (ms > this.max) this.max = ms;
    if (n < this.samples.length) this.samples[n] = ms;
    else {
      const j = Math.floor(Math.random() * (n + 1));
      if (j < this.samples.length) this.samples[j] = ms;
    }
  }

  /** The figures since the last take; starts a new interval. */
  take(): CommitStatsSummary {
    const kept = this.samples.slice(0, Math.min(this.count, this.samples.length)).sort();
    const summary = { count: this.count, p50: percentile(kept, 0.5), p99: percentile(kept, 0.99), max: this.max };
    this.count = 0;
    this.max = 0;
    return summary;
  }
}

/** Nearest-rank percentile of sorted samples (0 for none). */
function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
