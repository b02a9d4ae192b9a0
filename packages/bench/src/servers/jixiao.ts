/**
 * jixiao itself: the real app (startApp, without the web UI) with the per-user and per-room
 * connection caps lifted (every bench socket is the one bench user). A first child seeds the
 * database (a unit, one editor, the tables) and exits; the server child then starts on it, so its
 * RSS after start is that of a fresh process. Clients sign in once and reuse the cookie. The cold
 * table's 10,000 updates are made as with Hocuspocus: by a real client through the server (which
 * logs each and compacts as it goes), killed once the server has acknowledged every one as
 * committed.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAccount } from '@jixiao/auth';
import { createProject, loadActor } from '@jixiao/core';
import { startApp } from '@jixiao/server/src/app.ts';
import { ownClock } from '@jixiao/table';
import { fullClient } from '../clients.ts';
import { freePort, sleep, waitFor } from '../measure.ts';
import { writeHistory } from '../workloads/history.ts';
import { ROOM_COUNTS, type Rooms, type RunningServer, ServerProcess } from './server-process.ts';

const EMAIL = 'bench@jixiao.test';
const PASSWORD = 'bench-password-2026';
const SELF = fileURLToPath(import.meta.url);

type CommitStats = { count: number; p50: number; p99: number; max: number };
type Question = { commitStats: true; logLength?: undefined } | { logLength: string; commitStats?: undefined };

export async function launchJixiao(label: string, database: { kind: 'sqlite' | 'postgres'; url: string }, dir: string): Promise<RunningServer> {
  const port = await freePort();
  const seeded = join(dir, 'jixiao-seed.json');
  await new Promise<void>((resolve, reject) => {
    const seeder = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', SELF, 'seed', database.url, String(port), seeded], { stdio: ['ignore', 'inherit', 'inherit'] });
    seeder.once('error', reject);
    seeder.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`jixiao seeding failed (${code})`))));
  });
  const rooms = JSON.parse(readFileSync(seeded, 'utf8')) as Rooms;
  // the malloc and heap settings `npm start` runs the server with (scripts/run.sh)
  const proc = await ServerProcess.start(['--max-semi-space-size=4', SELF, 'serve', database.url, String(port)], port, { MALLOC_ARENA_MAX: '2' });
  const url = `http://127.0.0.1:${port}`;
  const res = await fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: `http://localhost:${port}` },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`jixiao sign-in failed: ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

  // questions to the server child over IPC, answered by id (commit stats, a table's log length)
  let asked = 0;
  const waiting = new Map<number, (value: unknown) => void>();
  proc.onMessage((m) => {
    const msg = m as { answer?: number; value?: unknown };
    if (typeof msg?.answer === 'number') {
      waiting.get(msg.answer)?.(msg.value);
      waiting.delete(msg.answer);
    }
  });
  const ask = <T>(question: Question) =>
    new Promise<T>((resolve) => {
      const id = ++asked;
      waiting.set(id, resolve as (value: unknown) => void);
      proc.send({ ...question, id });
    });
  const target = { protocol: 'y-websocket', url: `ws://127.0.0.1:${port}/collab`, headers: { cookie } } as const;
  return {
    label,
    process: proc,
    target,
    rooms,
    database,
    async prepareCold() {
      const c = fullClient(target, rooms.cold, true);
      await c.synced;
      writeHistory(c.table);
      const clock = ownClock(c.doc);
      await waitFor(() => c.savedUpTo >= clock, 'jixiao to commit the cold table', 120_000);
      c.destroy();
      // as Hocuspocus's store is waited for: the table at rest (compacted once its edits stopped)
      const deadline = Date.now() + 60_000;
      while ((await ask<number>({ logLength: rooms.cold })) > 0) {
        if (Date.now() > deadline) throw new Error('jixiao did not compact the cold table within 60 s');
        await sleep(100);
      }
    },
    commitStats: () => ask<CommitStats | null>({ commitStats: true }),
    stop: () => proc.kill(),
  };
}

function appOn(databaseUrl: string, port: number) {
  return startApp(
    {
      port,
      host: '127.0.0.1',
      databaseUrl,
      demo: false,
      origin: `http://localhost:${port}`,
      extraOrigins: [],
      secret: 'bench-secret-0123456789abcdef0123456789',
      production: false,
      trustProxy: false,
    },
    {
      web: false,
      // one line per error (the pause workload makes commits fail on purpose, many times)
      log: { warn: () => {}, error: (...a: unknown[]) => console.error(a.map((x) => (x instanceof Error ? x.message : String(x))).join(' ')) },
      collabConfig: { maxConnectionsPerUser: 100_000, maxConnectionsPerRoom: 100_000 },
    },
  );
}

/** Child: a unit, the editor, the tables (project ids written to `out`). */
async function seed(databaseUrl: string, port: number, out: string): Promise<void> {
  const app = await appOn(databaseUrl, port);
  const { db, auth } = app.services;
  await db
    .insertInto('unit')
    .values({ id: 'u_bench', name: '基准测试单位', kind: 'department', level: 'region', parent_id: null, created_at: new Date().toISOString() })
    .execute();
  const user = await createAccount(auth, { email: EMAIL, name: '基准', password: PASSWORD });
  await db.insertInto('membership').values({ user_id: user.id, unit_id: 'u_bench', role: 'editor' }).execute();
  const actor = await loadActor(db, user);
  const table = async (name: string) => (await createProject(db, actor, { unitId: 'u_bench', name, year: 2026 })).id;
  const many = async (prefix: string, n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await table(`${prefix}${i}`));
    return ids;
  };
  const rooms: Rooms = {
    hot: await table('热表'),
    rooms: await many('多表', ROOM_COUNTS.rooms),
    idle: await many('空闲', ROOM_COUNTS.idle),
    cold: await table('长历史表'),
    pause: await many('暂停', ROOM_COUNTS.pause),
  };
  writeFileSync(out, JSON.stringify(rooms));
  await app.close();
}

/** Child: serve until SIGTERM; answers questions over IPC. */
async function serve(databaseUrl: string, port: number): Promise<void> {
  const app = await appOn(databaseUrl, port);
  // takeCommitStats() is new in CollabServer: asked for structurally so an older one answers n/a
  const collab = app.collab as { takeCommitStats?: () => CommitStats };
  const answer = async (q: Question): Promise<unknown> => {
    if (q.commitStats) return collab.takeCommitStats?.() ?? null;
    const rows = await app.services.db.selectFrom('doc_update').select('id').where('project_id', '=', q.logLength!).execute();
    return rows.length;
  };
  process.on('message', (m: Question & { id: number }) => {
    answer(m).then((value) => process.send?.({ answer: m.id, value }));
  });
  // the generator is gone: no stray server
  process.once('disconnect', () => process.exit(1));
  process.on('SIGTERM', () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [mode, databaseUrl, port, out] = process.argv.slice(2);
  if (mode === 'seed') {
    await seed(databaseUrl!, Number(port), out!);
    process.exit(0);
  } else if (mode === 'serve') await serve(databaseUrl!, Number(port));
}
