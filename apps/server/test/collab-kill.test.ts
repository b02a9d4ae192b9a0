/**
 * kill -9 of a real server process while clients write: every update any client received from
 * the relay is in the database after a restart (the relay happens only after the commit) —
 * also when the log is compacted every few updates, so the kill lands during compactions.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from '@jixiao/db';
import { type TestDatabase, testDatabases } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Client, connectClient, destroyClients, freePort, sleep } from './helpers.ts';
import type { RunningApp } from '../src/app.ts';

const PASSWORD = 'jixiao-demo-2026';
const SRC = new URL('../src/', import.meta.url);

/**
 * The server as main.ts starts it (config from the environment, migrations, demo data), without
 * the web build this test does not need.
 */
const ENTRY = `
const { startApp } = await import(${JSON.stringify(new URL('app.ts', SRC).href)});
const { configFromEnv } = await import(${JSON.stringify(new URL('config.ts', SRC).href)});
await startApp(configFromEnv(), { web: false, collabConfig: JSON.parse(process.env.JIXIAO_TEST_COLLAB_CONFIG ?? '{}') });
console.log('ready');
`;

interface Server {
  url: string;
  child: ChildProcess;
  output: () => string;
}

async function startServer(databaseUrl: string, port: number, collabConfig: object = {}): Promise<Server> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', ENTRY], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      JIXIAO_DEMO: '1',
      NODE_ENV: 'production',
      JIXIAO_SECRET: 'kill-test-secret-kill-test-secret-0000',
      JIXIAO_TEST_COLLAB_CONFIG: JSON.stringify(collabConfig),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await sleep(100);
  }
  return { url, child, output: () => output };
}

function stopped(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', () => r()));
}

async function signIn(server: Server, port: number, email: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: `http://localhost:${port}` },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
}

/** connectClient only needs the app's URL. */
const asApp = (server: Server) => ({ url: server.url }) as RunningApp;

/** True when everything in `seen` is also in `stored` (inserts and deletes). */
function contains(stored: Y.Doc, seen: Y.Doc): boolean {
  const merged = new Y.Doc();
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(stored));
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(seen));
  return JSON.stringify(new TableDoc(merged).toJSON()) === JSON.stringify(new TableDoc(stored).toJSON());
}

/** Compaction-heavy: the log is folded into the snapshot every few updates and after 50 ms. */
const COMPACTING = { compactAfterUpdates: 5, compactAfterMs: 50, compactAfterLoadMs: 0 };

describe.each(testDatabases())('kill -9 on $name', (database) => {
  it('keeps every relayed update across kill -9 and a restart', { timeout: 120_000 }, () => killWhileWriting(database, {}));

  it('keeps every relayed update when the kill lands among compactions', { timeout: 120_000 }, () =>
    killWhileWriting(database, COMPACTING),
  );
});

async function killWhileWriting(database: TestDatabase, collabConfig: typeof COMPACTING | Record<string, never>): Promise<void> {
  const db = await database.create();
  const port = await freePort();
  let server = await startServer(db.url, port, collabConfig);
  const clients: Client[] = [];
  try {
    const cookie = {
      editor: await signIn(server, port, 'editor@jixiao.demo'),
      editor2: await signIn(server, port, 'editor2@jixiao.demo'),
      reviewer: await signIn(server, port, 'reviewer@jixiao.demo'),
    };
    const projects = (await (
      await fetch(`${server.url}/api/projects`, { headers: { cookie: cookie.editor, origin: `http://localhost:${port}` } })
    ).json()) as Array<{ id: string; access: string }>;
    const projectId = projects.find((p) => p.access === 'edit')!.id;

    const writers = [await connectClient(asApp(server), projectId, cookie.editor), await connectClient(asApp(server), projectId, cookie.editor2)];
    const observers = [await connectClient(asApp(server), projectId, cookie.reviewer)];
    clients.push(...writers, ...observers);
    let n = 0;
    const typing = setInterval(() => {
      const t = new TableDoc(writers[n % 2]!.doc);
      if (n % 3 === 0) t.addIndicator({ level1: '产出指标', level2: '数量指标', name: `第${n}项` });
      else t.goal.insert(t.goal.length, String(n % 10));
      if (n % 7 === 0 && t.indicators().length > 3) t.deleteIndicator(t.indicators()[0]!.id);
      n++;
    }, 3);
    await sleep(600);
    // a late observer syncs (sync-step2) in the middle of the stream
    observers.push(await connectClient(asApp(server), projectId, cookie.reviewer));
    clients.push(observers[1]!);
    await sleep(600);

    const exited = stopped(server.child);
    server.child.kill('SIGKILL');
    await exited;
    clearInterval(typing);
    // what the observers saw from the relay (they do not write), frozen before anyone reconnects
    const seen = observers.map((o) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(o.doc));
      return copy;
    });
    destroyClients(...clients);
    clients.length = 0;
    expect(n).toBeGreaterThan(100);
    expect(new TableDoc(seen[0]!).indicators().length).toBeGreaterThan(20);

    if ('compactAfterUpdates' in collabConfig) {
      // the log was being compacted all along: a snapshot holds most of it
      const handle = connect(db.url);
      try {
        const snap = await handle.db.selectFrom('doc_snapshot').select('upto').where('project_id', '=', projectId).executeTakeFirst();
        const log = await handle.db.selectFrom('doc_update').select('id').where('project_id', '=', projectId).execute();
        expect(Number(snap?.upto ?? 0)).toBeGreaterThan(0);
        expect(log.length).toBeLessThan(n / 2);
      } finally {
        await handle.close();
      }
    }
    server = await startServer(db.url, port, collabConfig);
    const after = await connectClient(asApp(server), projectId, await signIn(server, port, 'reviewer@jixiao.demo'));
    clients.push(after);
    for (const s of seen) expect(contains(after.doc, s)).toBe(true);
  } finally {
    destroyClients(...clients);
    if (server.child.exitCode === null && server.child.signalCode === null) {
      const exited = stopped(server.child);
      server.child.kill('SIGTERM');
      await exited;
    }
    await db.drop();
  }
}
