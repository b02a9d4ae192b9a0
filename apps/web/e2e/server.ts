/**
 * Starts the real server (production build, demo data) for the browser tests on a free
 * loopback port and a fresh database: SQLite, or a new PostgreSQL database when
 * JIXIAO_TEST_PG_URL is set.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface TestServer {
  url: string;
  /** where its data is: a SQLite file, or a PostgreSQL database other processes may share */
  databaseUrl: string;
  stop(): Promise<void>;
}

async function databaseUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.JIXIAO_TEST_PG_URL;
  if (!admin) {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-e2e-'));
    return { url: join(dir, 'e2e.db'), drop: async () => {} };
  }
  const name = `jx_e2e_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** `shared`: run on that database (another server's), leaving it in place when stopped. */
export async function startServer(shared?: string): Promise<TestServer> {
  const port = await freePort();
  const db = shared ? { url: shared, drop: async () => {} } : await databaseUrl();
  const child: ChildProcess = spawn(process.execPath, ['../server/src/main.ts'], {
    cwd: new URL('..', import.meta.url).pathname,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      JIXIAO_DEMO: '1',
      NODE_ENV: 'production',
      JIXIAO_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0000',
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
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  if (Date.now() >= deadline) throw new Error(`server did not start:\n${output}`);
  return {
    url,
    databaseUrl: db.url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await db.drop();
    },
  };
}
