/** What the SQL benches share: a fresh database per backend, and timing a query's p50/p95. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DbHandle, connect } from '@jixiao/db';
import { testDatabases } from '@jixiao/db/testing';

/** Runs `body` once per backend (SQLite, and PostgreSQL when JIXIAO_TEST_PG_URL is set) on a fresh, then removed, database. */
export async function onEachDatabase(prefix: string, body: (handle: DbHandle, name: string) => Promise<void>): Promise<void> {
  for (const database of testDatabases()) {
    const created = database.name === 'sqlite' ? { url: join(mkdtempSync(join(tmpdir(), prefix)), 'bench.db'), drop: async () => {} } : await database.create();
    const handle = connect(created.url);
    try {
      await body(handle, database.name);
    } finally {
      await handle.close();
      await created.drop();
      if (database.name === 'sqlite') rmSync(join(created.url, '..'), { recursive: true, force: true });
    }
  }
}

/** `runs` sequential runs of `run`: one printable line with p50 and p95. */
export async function time(label: string, runs: number, run: () => Promise<unknown>, width = 40): Promise<string> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
  return `  ${label.padEnd(width)} p50 ${at(0.5).padStart(6)} ms   p95 ${at(0.95).padStart(6)} ms`;
}
