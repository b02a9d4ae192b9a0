/**
 * Live-events benchmark: BENCH_VIEWERS viewers (default 50, each its own user) hold the table's
 * SSE stream open over real HTTP; one editor posts BENCH_COMMENTS comments (default 200) one at a
 * time, then the same number in bursts of 50 posted at once. Each sample is the time from just
 * before a comment's POST is sent to one viewer reading its event (so VIEWERS samples a comment).
 * Servers run in their own processes: SQLite in a temp dir (in-process bus), and with
 * JIXIAO_TEST_PG_URL a fresh PostgreSQL database (dropped after), posting to process A with the
 * viewers on A (same process) and then on process B (LISTEN/NOTIFY across processes).
 * `node events.bench.ts serve …` is the server side (spawned by the benchmark itself).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createAccount } from '@jixiao/auth';
import { createProject, loadActor } from '@jixiao/core';
import { type TestDatabase, testDatabases } from '@jixiao/db/testing';
import { startApp } from '../src/app.ts';

const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 50);
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 200);
const WARMUP = 20;
const BURST = 50;
const SECRET = 'bench-secret-0123456789abcdef0123456789';
const PASSWORD = 'bench-password-2026';
/** better-auth allows 100 sign-ins per 10 s per address outside production */
const VIEWER_USERS = Math.min(VIEWERS, 90);
/** how long one comment may take to reach every viewer before it counts as lost */
const DELIVERY_TIMEOUT_MS = 10_000;

interface Seeded {
  url: string;
  projectId: string;
  poster: string;
  viewers: string[];
}

// ---------------------------------------------------------------- server side (spawned)

async function serve(databaseUrl: string, port: number, seed: boolean): Promise<void> {
  const app = await startApp(
    {
      port,
      host: '127.0.0.1',
      databaseUrl,
      demo: false,
      origin: `http://localhost:${port}`,
      extraOrigins: [],
      secret: SECRET,
      production: false,
      trustProxy: false,
    },
    { web: false, log: { warn: () => {}, error: (...a: unknown[]) => console.error(...a) } },
  );
  const stop = () =>
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.on('SIGTERM', stop);
  // the benchmark holds our stdin: when it goes (even killed), so do we
  process.stdin.on('end', stop).resume();
  if (!seed) {
    console.log(JSON.stringify({ url: app.url }));
    return;
  }
  const { db, auth } = app.services;
  await db
    .insertInto('unit')
    .values({ id: 'u_bench', name: '基准测试单位', kind: 'department', level: 'region', parent_id: null, created_at: new Date().toISOString() })
    .execute();
  const poster = await createAccount(auth, { email: 'poster@jixiao.test', name: '填报人', password: PASSWORD });
  await db.insertInto('membership').values({ user_id: poster.id, unit_id: 'u_bench', role: 'editor' }).execute();
  const viewers: string[] = [];
  for (let i = 0; i < VIEWER_USERS; i++) {
    const email = `viewer${i}@jixiao.test`;
    const user = await createAccount(auth, { email, name: `审核人${i}`, password: PASSWORD });
    await db.insertInto('membership').values({ user_id: user.id, unit_id: 'u_bench', role: 'reviewer' }).execute();
    viewers.push(email);
  }
  const project = await createProject(db, await loadActor(db, poster), { unitId: 'u_bench', name: '事件基准表', year: 2026 });
  console.log(JSON.stringify({ url: app.url, projectId: project.id, poster: 'poster@jixiao.test', viewers } satisfies Seeded));
}

// ---------------------------------------------------------------- benchmark side

const children = new Set<ChildProcess>();
const tempDirs: string[] = [];
const drops: Array<() => Promise<void>> = [];

async function cleanup(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  children.clear();
  for (const drop of drops.splice(0)) await drop().catch((e) => console.error('bench: could not drop the database:', e));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

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

/** Starts a server process; resolves with the JSON line it prints once listening. */
async function startServer<T>(databaseUrl: string, seed: boolean): Promise<T> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', fileURLToPath(import.meta.url), 'serve', databaseUrl, String(port), seed ? '1' : '0'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  children.add(child);
  const lines = createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited early (${code})`)));
    lines.on('line', (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line) as T);
    });
  });
}

async function signIn(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in of ${email} failed: ${res.status}`);
  await res.body?.cancel();
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** Arrival times of each comment's event, one per viewer that read it. */
const arrivals = new Map<string, number[]>();
/** Called once a comment has reached every viewer. */
const waiters = new Map<string, () => void>();
const COMMENT_ID = '"commentId":"';

/**
 * One viewer: a fetch stream of the events, read as bytes; per complete event only the comment
 * id is picked out (no JSON parse). Resolves once subscribed (the server's first line).
 */
async function openViewer(url: string, cookie: string): Promise<() => void> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal });
  if (!res.ok || !res.body) throw new Error(`events stream: ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let subscribed: () => void = () => {};
  const ready = new Promise<void>((r) => {
    subscribed = r;
  });
  void (async () => {
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        const now = performance.now();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        const end = buf.lastIndexOf('\n\n');
        if (end < 0) continue;
        subscribed();
        for (let i = buf.indexOf(COMMENT_ID); i >= 0 && i < end; i = buf.indexOf(COMMENT_ID, i + 1)) {
          const start = i + COMMENT_ID.length;
          const id = buf.slice(start, buf.indexOf('"', start));
          let times = arrivals.get(id);
          if (!times) {
            times = [];
            arrivals.set(id, times);
          }
          times.push(now);
          if (times.length === VIEWERS) waiters.get(id)?.();
        }
        buf = buf.slice(end + 2);
      }
    } catch {
      // aborted
    }
  })();
  await ready;
  return () => abort.abort();
}

interface Sample {
  sentAt: number;
  postMs: number;
  commentId: string;
}

async function postComment(url: string, threadId: string, cookie: string, n: number): Promise<Sample> {
  const sentAt = performance.now();
  const res = await fetch(`${url}/api/threads/${threadId}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: url },
    body: JSON.stringify({ body: `基准评论 ${n}` }),
  });
  const body = (await res.json()) as { id: string };
  const postMs = performance.now() - sentAt;
  if (res.status !== 201) throw new Error(`comment POST: ${res.status} ${JSON.stringify(body)}`);
  return { sentAt, postMs, commentId: body.id };
}

/** Resolves when every viewer has the comment, or after the timeout (the rest count as lost). */
function delivered(commentId: string): Promise<void> {
  if ((arrivals.get(commentId)?.length ?? 0) >= VIEWERS) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, DELIVERY_TIMEOUT_MS);
    function done() {
      clearTimeout(timer);
      waiters.delete(commentId);
      resolve();
    }
    waiters.set(commentId, done);
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a').padStart(6);

function report(label: string, samples: Sample[]): string {
  const latencies: number[] = [];
  let lost = 0;
  for (const s of samples) {
    const times = arrivals.get(s.commentId) ?? [];
    for (const t of times) latencies.push(t - s.sentAt);
    lost += VIEWERS - times.length;
    arrivals.delete(s.commentId);
  }
  latencies.sort((a, b) => a - b);
  const post = samples.map((s) => s.postMs).sort((a, b) => a - b);
  return (
    `  ${label.padEnd(50)} delivery p50 ${fmt(percentile(latencies, 50))} ms   p99 ${fmt(percentile(latencies, 99))} ms   max ${fmt(latencies.at(-1) ?? Number.NaN)} ms` +
    `   POST p50 ${fmt(percentile(post, 50))} ms   p99 ${fmt(percentile(post, 99))} ms   (${latencies.length} samples${lost ? `, ${lost} LOST` : ''})`
  );
}

/** Viewers on `viewUrl`, comments posted to `postUrl`: one line for one at a time, one for bursts. */
async function scenario(label: string, seeded: Seeded, postUrl: string, viewUrl: string, poster: string, viewerCookies: string[]): Promise<void> {
  const closers = await Promise.all(
    Array.from({ length: VIEWERS }, (_, i) => openViewer(`${viewUrl}/api/projects/${seeded.projectId}/events`, viewerCookies[i % viewerCookies.length]!)),
  );
  try {
    const thread = await fetch(`${postUrl}/api/projects/${seeded.projectId}/threads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: poster, origin: postUrl },
      body: JSON.stringify({ anchor: { kind: 'header', field: 'period' }, body: '基准讨论' }),
    });
    if (thread.status !== 201) throw new Error(`thread POST: ${thread.status} ${await thread.text()}`);
    const threadId = ((await thread.json()) as { id: string }).id;
    let n = 0;
    const sequential = async (count: number) => {
      const out: Sample[] = [];
      for (let i = 0; i < count; i++) {
        const s = await postComment(postUrl, threadId, poster, n++);
        await delivered(s.commentId);
        out.push(s);
      }
      return out;
    };
    const bursts = async (count: number) => {
      const out: Sample[] = [];
      for (let done = 0; done < count; done += BURST) {
        const batch = await Promise.all(Array.from({ length: Math.min(BURST, count - done) }, () => postComment(postUrl, threadId, poster, n++)));
        await Promise.all(batch.map((s) => delivered(s.commentId)));
        out.push(...batch);
      }
      return out;
    };
    // warm-up: code paths, connection pools (a burst opens the POST connections)
    report('', await sequential(WARMUP));
    report('', await bursts(BURST));
    console.log(report(`${label}, one at a time`, await sequential(COMMENTS)));
    console.log(report(`${label}, bursts of ${BURST}`, await bursts(COMMENTS)));
  } finally {
    for (const close of closers) close();
  }
}

async function signInAll(seeded: Seeded): Promise<{ poster: string; viewers: string[] }> {
  const poster = await signIn(seeded.url, seeded.poster);
  const viewers: string[] = [];
  for (const email of seeded.viewers) viewers.push(await signIn(seeded.url, email));
  return { poster, viewers };
}

async function run(database: TestDatabase): Promise<void> {
  let url: string;
  if (database.name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'jx-events-'));
    tempDirs.push(dir);
    url = join(dir, 'bench.db');
  } else {
    const created = await database.create();
    drops.push(created.drop);
    url = created.url;
  }
  const a = await startServer<Seeded>(url, true);
  const cookies = await signInAll(a);
  if (database.name === 'sqlite') {
    await scenario('sqlite, in-process bus', a, a.url, a.url, cookies.poster, cookies.viewers);
  } else {
    await scenario('postgres, same process', a, a.url, a.url, cookies.poster, cookies.viewers);
    // the sessions made on A are good on B (same database, same secret)
    const b = await startServer<{ url: string }>(url, false);
    await scenario('postgres, POST on A → viewers on B', a, a.url, b.url, cookies.poster, cookies.viewers);
  }
  await cleanup();
}

async function main(): Promise<void> {
  const hardLimit = setTimeout(() => {
    console.error('bench: did not finish within 10 minutes, giving up');
    void cleanup().finally(() => process.exit(1));
  }, 600_000);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  const databases = testDatabases();
  console.log(
    `\nlive events: comment POST → ${VIEWERS} SSE viewers (${VIEWER_USERS} users), ${COMMENTS} comments one at a time and ${COMMENTS} in bursts of ${BURST}` +
      (databases.some((d) => d.name === 'postgres') ? '' : ' (PostgreSQL: set JIXIAO_TEST_PG_URL)'),
  );
  try {
    for (const database of databases) await run(database);
  } finally {
    await cleanup();
    clearTimeout(hardLimit);
  }
}

if (process.argv[2] === 'serve') {
  const [databaseUrl, port, seed] = process.argv.slice(3);
  serve(databaseUrl!, Number(port), seed === '1').catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
