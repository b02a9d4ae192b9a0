/**
 * Collaboration benchmark: BENCH_CLIENTS stock y-websocket clients (default 50) edit one table,
 * each 5 edits/s for BENCH_SECONDS (default 10), against a server process on SQLite in a temp
 * dir. Prints the remote-visible latency (edit made → seen by another client), update rates, the
 * server's RSS, then the time to first sync of a table with 10k stored updates. Exits by itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { TableDoc } from '@jixiao/table';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const EDITS_PER_SECOND = 5;
const HISTORY = 10_000;
/** Clients that record latency (all clients receive everything; these also time it). */
const OBSERVERS = Math.min(CLIENTS, 5);

// every y-websocket provider registers a process 'exit' listener
process.setMaxListeners(CLIENTS + 20);

const hardLimit = setTimeout(() => {
  console.error(`bench: did not finish within ${SECONDS + 120}s, giving up`);
  cleanup();
  process.exit(1);
}, (SECONDS + 120) * 1000);

const dir = mkdtempSync(join(tmpdir(), 'jx-bench-'));
let child: ChildProcess | null = null;
function cleanup(): void {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanup);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function rssMiB(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface Started {
  url: string;
  email: string;
  password: string;
  liveProject: string;
  bigProject: string;
  history: number;
}

async function startServer(): Promise<Started> {
  const port = await freePort();
  const script = fileURLToPath(new URL('./bench-server.ts', import.meta.url));
  child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', script, join(dir, 'bench.db'), String(port), String(HISTORY)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    child!.once('exit', (code) => reject(new Error(`bench server exited early (${code})`)));
    lines.on('line', (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line) as Started);
    });
  });
}

async function signIn(s: Started): Promise<string> {
  const res = await fetch(`${s.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: s.url.replace('127.0.0.1', 'localhost') },
    body: JSON.stringify({ email: s.email, password: s.password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

function connect(s: Started, projectId: string, cookie: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${s.url.replace(/^http/, 'ws')}/collab`, projectId, doc, {
    disableBc: true,
    WebSocketPolyfill: class extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    } as unknown as typeof globalThis.WebSocket,
  });
  return { doc, provider, table: new TableDoc(doc) };
}

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

async function main(): Promise<void> {
  const s = await startServer();
  const pid = child!.pid!;
  const cookie = await signIn(s);
  console.log(`jixiao collab bench: ${CLIENTS} clients × ${EDITS_PER_SECOND} edits/s for ${SECONDS}s (SQLite, server pid ${pid})`);
  console.log(`server RSS after start: ${fmt(rssMiB(pid))} MiB`);

  // --- phase 1: many clients editing one table
  const clients = Array.from({ length: CLIENTS }, () => connect(s, s.liveProject, cookie));
  await waitFor(() => clients.every((c) => c.provider.synced), 'all clients to sync');
  // each client owns one row and keeps rewriting its 指标值
  const rowId = (i: number) => `bench-row-${i}`;
  for (const [i, c] of clients.entries()) {
    c.table.addIndicator({ level1: '产出指标', level2: '数量指标', name: `客户端${i}` }, undefined, rowId(i));
  }
  await waitFor(() => clients.every((c) => clients.every((_, j) => c.table.row(rowId(j)))), 'all rows everywhere');

  const sentAt: number[][] = clients.map(() => []);
  const latencies: number[] = [];
  let delivered = 0;
  clients.forEach((c, k) => {
    c.doc.on('update', (_u: Uint8Array, origin: unknown) => {
      if (origin === c.provider) delivered++;
    });
    if (k >= OBSERVERS) return;
    const texts = new Map<Y.Text, number>();
    clients.forEach((_, i) => {
      if (i !== k) texts.set(c.table.rowText(rowId(i), 'value')!, i);
    });
    const seen = clients.map(() => -1);
    c.table.indicatorMap.observeDeep((events) => {
      const now = performance.now();
      for (const e of events) {
        const i = texts.get(e.target as Y.Text);
        if (i === undefined) continue;
        const seq = Number(String(e.target.toString()).split('#')[1]);
        if (seq > seen[i]!) {
          seen[i] = seq;
          const t0 = sentAt[i]![seq];
          if (t0 !== undefined) latencies.push(now - t0);
        }
      }
    });
  });

  const rssSamples: number[] = [];
  const sampler = setInterval(() => rssSamples.push(rssMiB(pid)), 500);
  const started = performance.now();
  const timers: NodeJS.Timeout[] = [];
  let sent = 0;
  clients.forEach((c, i) => {
    const stagger = setTimeout(() => {
      const t = setInterval(() => {
        const seq = sentAt[i]!.length;
        sentAt[i]!.push(performance.now());
        c.table.setIndicatorText(rowId(i), 'value', `≥${seq}万人#${seq}`);
        sent++;
      }, 1000 / EDITS_PER_SECOND);
      timers.push(t);
    }, (i * (1000 / EDITS_PER_SECOND)) / CLIENTS);
    timers.push(stagger);
  });
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  for (const t of timers) clearInterval(t);
  const sendSeconds = (performance.now() - started) / 1000;
  // let the last edits arrive
  const last = clients.map((_, i) => sentAt[i]!.length - 1);
  await waitFor(
    () =>
      clients.every((c) =>
        last.every((seq, i) => seq < 0 || c.table.rowText(rowId(i), 'value')!.toString().endsWith(`#${seq}`)),
      ),
    'the last edits to arrive everywhere',
  ).catch((e) => console.warn(String(e)));
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const rssPeak = Math.max(...rssSamples.filter(Number.isFinite));
  latencies.sort((a, b) => a - b);
  console.log('\n-- live editing --');
  console.log(`edits sent:            ${sent} (${fmt(sent / sendSeconds)} /s)`);
  console.log(`updates delivered:     ${delivered} to clients (${fmt(delivered / elapsed)} /s)`);
  console.log(`remote-visible latency p50 ${fmt(percentile(latencies, 50))} ms, p99 ${fmt(percentile(latencies, 99))} ms, max ${fmt(latencies.at(-1) ?? Number.NaN)} ms (${latencies.length} samples at ${OBSERVERS} observers)`);
  console.log(`server RSS:            ${fmt(rssMiB(pid))} MiB now, ${fmt(rssPeak)} MiB peak`);
  const check = new TableDoc(clients[0]!.doc).toJSON();
  const converged = clients.every((c) => JSON.stringify(c.table.toJSON()) === JSON.stringify(check));
  console.log(`all clients converged: ${converged}`);
  for (const c of clients) c.provider.destroy();

  // --- phase 2: first sync of a table with a long update log
  const t0 = performance.now();
  const cold = connect(s, s.bigProject, cookie);
  await waitFor(() => cold.provider.synced, 'first sync of the long table', 60_000);
  const coldMs = performance.now() - t0;
  const t1 = performance.now();
  const warm = connect(s, s.bigProject, cookie);
  await waitFor(() => warm.provider.synced, 'second sync of the long table');
  const warmMs = performance.now() - t1;
  console.log('\n-- long history --');
  console.log(`first sync of a table with ${s.history} stored updates: ${fmt(coldMs)} ms (room loaded: ${fmt(warmMs)} ms for the next client)`);
  console.log(`document: ${cold.table.indicators().length} rows, ${cold.table.goal.length} goal characters, ${Y.encodeStateAsUpdate(cold.doc).byteLength} bytes`);
  cold.provider.destroy();
  warm.provider.destroy();
  console.log(`server RSS at the end: ${fmt(rssMiB(pid))} MiB`);

  child!.kill('SIGTERM');
  await new Promise((r) => {
    child!.once('exit', r);
    setTimeout(r, 5000).unref();
  });
  child = null;
  clearTimeout(hardLimit);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
