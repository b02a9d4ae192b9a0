/** What every workload gets, and the figures it hands back (name → number; NaN: n/a). */
import type { RunningServer } from '../servers/server-process.ts';

export interface WorkloadContext {
  server: RunningServer;
  /** BENCH_QUICK: shorter windows, same shapes */
  quick: boolean;
  log(line: string): void;
}

export type Figures = Record<string, number>;

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
