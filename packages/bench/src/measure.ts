/**
 * Process sampling and statistics: a process's CPU seconds and RSS from /proc, core pinning with
 * taskset, free ports, waiting for a listener, and the percentiles and medians the report prints.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds of a process, all its threads (/proc/<pid>/stat utime + stime). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name may hold spaces and parentheses: fields start after the last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident set size in KiB (NaN once the process is gone). */
export function rssKiB(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds of `pid` and of this process, wall seconds, since `start`. */
export class CpuWindow {
  private readonly pid: number;
  private readonly cpu0: number;
  private readonly own0 = process.cpuUsage();
  private readonly wall0 = performance.now();

  constructor(pid: number) {
    this.pid = pid;
    this.cpu0 = cpuSeconds(pid);
  }

  read(): { serverCpu: number; generatorCpu: number; wall: number } {
    const own = process.cpuUsage(this.own0);
    return {
      serverCpu: cpuSeconds(this.pid) - this.cpu0,
      generatorCpu: (own.user + own.system) / 1e6,
      wall: (performance.now() - this.wall0) / 1000,
    };
  }
}

let tasksetChecked: boolean | undefined;
/** Whether util-linux taskset can pin here; warns once when it cannot. */
export function canPin(): boolean {
  if (tasksetChecked === undefined) {
    try {
      if (process.env.BENCH_PIN === '0') throw new Error('BENCH_PIN=0');
      execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
      tasksetChecked = true;
    } catch {
      tasksetChecked = false;
      console.warn('warning: not pinning (BENCH_PIN=0, or taskset from util-linux missing or refused): servers and generator run unpinned, figures are noisier');
    }
  }
  return tasksetChecked;
}

/** The command line that runs `args` (a node script and its arguments) pinned to `core`. */
export function pinnedNode(core: number, args: string[]): { command: string; args: string[] } {
  const node = [process.execPath, '--disable-warning=ExperimentalWarning', ...args];
  return canPin() ? { command: 'taskset', args: ['-c', String(core), ...node] } : { command: node[0]!, args: node.slice(1) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once 127.0.0.1:port accepts a TCP connection. */
export async function waitForPort(port: number, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ port, host: '127.0.0.1' });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await sleep(5);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** The p-th percentile (nearest rank) of unsorted values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Median, min and max of the finite values (runs that produced no figure are left out). */
export function spread(values: readonly number[]): Spread {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { median, min: v[0]!, max: v.at(-1)!, n: v.length };
}
