/**
 * First sync after kill -9: a table with HISTORY (default 10,000) logged updates, the server
 * SIGKILLed, restarted on the same database, and one client's connect → synced timed in the
 * fresh process (JIT, page cache, session and access look-ups, room load all cold). Repeats
 * RUNS times (default 5), each run killing the server and writing the log anew; prints each run
 * and the median. BENCH_DB=postgres runs on a fresh PostgreSQL database (JIXIAO_TEST_PG_URL).
 * RUN_BEFORE_KILL_MS (default 0): when set, a server is started on the seeded database and
 * runs this long before its kill -9 (its background sweep compacts long logs ~2 s after its
 * start, as a server that has run for a while has done) — the bench's sequence. LONG_LOG=1:
 * the worst case — after the kill the table's snapshot is dropped and its HISTORY updates are
 * logged anew, so the restarted server loads them all.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connect } from '@jixiao/db';
import { testDatabases } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const RUNS = Number(process.env.RUNS ?? 5);
const HISTORY = Number(process.env.HISTORY ?? 10_000);
const DB = process.env.BENCH_DB ?? 'sqlite';
/** extra node flags for the restarted server (e.g. --import a tracer) */
const NODE_ARGS = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const RUN_BEFORE_KILL_MS = Number(process.env.RUN_BEFORE_KILL_MS ?? 0);
const LONG_LOG = process.env.LONG_LOG === '1';

const SERVER = fileURLToPath(new URL('./bench-server.ts', import.meta.url));
const APP = new URL('../src/app.ts', import.meta.url).href;

/** The restarted server: the app as bench-server starts it, without seeding anything. */
const restartEntry = (databaseUrl: string, port: number) => `
const { startApp } = await import(${JSON.stringify(APP)});
await startApp({ port: ${port}, host: '127.0.0.1', databaseUrl: ${JSON.stringify(databaseUrl)}, demo: false,
  origin: 'http://localhost:${port}', extraOrigins: [], secret: 'bench-secret-0123456789abcdef0123456789',
  production: false, trustProxy: false }, { web: false, log: { warn: () => {}, error: (...a) => console.error(...a) } });
console.log('{"ready":true}');
`;

function launch(args: string[]): { child: ChildProcess; line: Promise<Record<string, unknown>> } {
  const node = [process.execPath, '--disable-warning=ExperimentalWarning', ...args];
  // PIN=1: the server on core 0 alone, as @jixiao/bench runs it (the client then runs elsewhere)
  const [command, ...rest] = process.env.PIN === '1' ? ['taskset', '-c', '0', ...node] : node;
  const child = spawn(command!, rest, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const line = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
    lines.on('line', (l) => {
      if (l.startsWith('{')) resolve(JSON.parse(l));
      else console.log(`  server: ${l}`);
    });
  });
  return { child, line };
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    child.once('exit', () => r());
    child.kill('SIGKILL');
  });
}

async function signIn(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url.replace('127.0.0.1', 'localhost') },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

async function firstSync(url: string, projectId: string, cookie: string): Promise<{ ms: number; bytes: number }> {
  const doc = new Y.Doc();
  const t0 = performance.now();
  if (process.env.TRACE) console.log(`trace client-connect ${(performance.timeOrigin + t0).toFixed(2)}`);
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/collab`, projectId, doc, {
    disableBc: true,
    WebSocketPolyfill: class extends WebSocket {
      constructor(u: string | URL, protocols?: string | string[]) {
        super(u, protocols, { headers: { cookie } });
        if (process.env.TRACE) {
          this.on('upgrade', () => console.log(`trace client-open ${(performance.timeOrigin + performance.now()).toFixed(2)}`));
          this.on('message', () => {
            const cpu = process.cpuUsage();
            console.log(`trace client-message ${(performance.timeOrigin + performance.now()).toFixed(2)} cpu ${((cpu.user + cpu.system) / 1000).toFixed(1)}`);
          });
        }
      }
    } as unknown as typeof globalThis.WebSocket,
  });
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  const ms = performance.now() - t0;
  if (process.env.TRACE) {
    const cpu = process.cpuUsage();
    console.log(`trace client-synced ${(performance.timeOrigin + performance.now()).toFixed(2)} cpu ${((cpu.user + cpu.system) / 1000).toFixed(1)}`);
  }
  const bytes = Y.encodeStateAsUpdate(doc).byteLength;
  provider.destroy();
  return { ms, bytes };
}

/** The table's snapshot and log replaced by `n` logged updates (as a crash before any compaction leaves them). */
async function relog(databaseUrl: string, projectId: string, n: number): Promise<void> {
  const { updates } = history(n);
  const handle = connect(databaseUrl);
  try {
    await handle.db.deleteFrom('doc_snapshot').where('project_id', '=', projectId).execute();
    await handle.db.deleteFrom('doc_update').where('project_id', '=', projectId).execute();
    for (let i = 0; i < updates.length; i += 500) {
      await handle.db
        .insertInto('doc_update')
        .values(updates.slice(i, i + 500).map((data) => ({ project_id: projectId, data })))
        .execute();
    }
  } finally {
    await handle.close();
  }
}

/** CPU time a process has run, in ms (/proc schedstat: nanoseconds on a CPU). */
function cpuMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
}

/** Updates of the table still in the log (not yet compacted into its snapshot). */
async function logLength(databaseUrl: string, projectId: string): Promise<number> {
  const handle = connect(databaseUrl);
  try {
    return (await handle.db.selectFrom('doc_update').select('id').where('project_id', '=', projectId).execute()).length;
  } finally {
    await handle.close();
  }
}

/**
 * The client side warm, as a benchmark's long-running client process is: a document like the
 * table's built, encoded and applied a few times, so the figure is the server's cold start.
 */
function warmClient(): void {
  const state = Y.encodeStateAsUpdate(history(3000).doc);
  for (let k = 0; k < 10; k++) Y.applyUpdate(new Y.Doc(), state);
}

/** `n` small edits of a table, as bench-server.ts writes them, each its own update. */
function history(n: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const table = new TableDoc(doc);
  const rows = Array.from({ length: 40 }, (_, i) => table.addIndicator({ level1: '产出指标', level2: '数量指标', name: `指标${i}` }));
  for (let i = updates.length; updates.length < n; i++) {
    if (i % 3 === 0) table.setIndicatorText(rows[i % 40]!, 'value', `≥${i}万人`);
    else table.goal.insert(Math.min(table.goal.length, i % 97), String.fromCharCode(0x4e00 + (i % 500)));
  }
  return { doc, updates };
}

async function main(): Promise<void> {
  warmClient();
  const database = testDatabases().find((d) => d.name === DB);
  if (!database) throw new Error(`no ${DB} database (set JIXIAO_TEST_PG_URL for postgres)`);
  const times: number[] = [];
  const cpus: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const created = await database.create();
    const port = 20000 + Math.floor(Math.random() * 20000);
    try {
      const seeded = launch([SERVER, created.url, String(port), String(HISTORY)]);
      const s = (await seeded.line) as { url: string; email: string; password: string; bigProject: string; history: number };
      const cookie = await signIn(s.url, s.email, s.password);
      await kill9(seeded.child);
      if (LONG_LOG) await relog(created.url, s.bigProject, HISTORY);
      if (RUN_BEFORE_KILL_MS > 0) {
        const running = launch(['--input-type=module', '-e', restartEntry(created.url, port)]);
        await running.line;
        await new Promise((r) => setTimeout(r, RUN_BEFORE_KILL_MS));
        await kill9(running.child);
      }
      const logged = await logLength(created.url, s.bigProject);
      const restarted = launch([...NODE_ARGS, '--input-type=module', '-e', restartEntry(created.url, port)]);
      await restarted.line;
      const cpu0 = cpuMs(restarted.child.pid!);
      const { ms, bytes } = await firstSync(s.url, s.bigProject, cookie);
      const serverCpu = cpuMs(restarted.child.pid!) - cpu0;
      times.push(ms);
      cpus.push(serverCpu);
      console.log(`run ${run + 1}: first sync after kill -9 (${logged} of ${s.history} updates still logged, ${DB}): ${ms.toFixed(1)} ms (server CPU ${serverCpu.toFixed(1)} ms), ${bytes} bytes`);
      await kill9(restarted.child);
    } finally {
      await created.drop();
    }
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  console.log(
    `median of ${RUNS}: ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)}); server CPU median ${cpus[Math.floor(cpus.length / 2)]!.toFixed(1)} ms`,
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
