import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { WalCheckpointer } from './wal-checkpointer.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function database(): { sqlite: SQLite.Database; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'jx-wal-'));
  dirs.push(dir);
  const file = join(dir, 'test.db');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('create table t (data blob)');
  return { sqlite, file };
}

/** Commits `mb` MiB in 64 KiB rows, one transaction each. */
function write(sqlite: SQLite.Database, mb: number): void {
  const insert = sqlite.prepare('insert into t (data) values (?)');
  for (let i = 0; i < mb * 16; i++) insert.run(Buffer.alloc(64 * 1024, i));
}

async function until(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

describe('WalCheckpointer', () => {
  it('turns off checkpoints in commits and copies the WAL into the database from its own thread', async () => {
    const { sqlite, file } = database();
    const checkpointer = new WalCheckpointer(sqlite, file, 50);
    try {
      expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      const before = statSync(file).size;
      // 8 MiB: past SQLite's own threshold (1000 pages, ~4 MiB), which would checkpoint in a commit
      write(sqlite, 8);
      // the commits themselves left it all in the WAL…
      expect(statSync(file).size).toBe(before);
      // …and the worker moves it into the database file
      expect(await until(() => statSync(file).size >= 8 * 1024 * 1024, 5000)).toBe(true);
      expect(sqlite.prepare('select count(*) as n from t').get()).toEqual({ n: 128 });
    } finally {
      await checkpointer.stop();
      sqlite.close();
    }
  });

  it('stops cleanly, leaving the database whole for the next opener', async () => {
    const { sqlite, file } = database();
    const checkpointer = new WalCheckpointer(sqlite, file, 50);
    write(sqlite, 1);
    await checkpointer.stop();
    sqlite.close();
    const again = new SQLite(file);
    expect(again.prepare('select count(*) as n from t').get()).toEqual({ n: 16 });
    again.close();
  });
});
