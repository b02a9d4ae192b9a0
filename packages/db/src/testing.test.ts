import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, connect } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import { PG_ENV, testDatabases } from './testing.ts';

describe('testDatabases', () => {
  it('always offers SQLite, PostgreSQL only with an admin URL', () => {
    expect(testDatabases({}).map((d) => d.name)).toEqual(['sqlite']);
    expect(testDatabases({ [PG_ENV]: 'postgres://x@127.0.0.1/postgres' }).map((d) => d.name)).toEqual([
      'sqlite',
      'postgres',
    ]);
  });

  it('fails loudly on CI without PostgreSQL', () => {
    expect(() => testDatabases({ CI: 'true' })).toThrow(PG_ENV);
    expect(testDatabases({ CI: 'true', [PG_ENV]: 'postgres://x@127.0.0.1/postgres' })).toHaveLength(2);
  });

  it('gives SQLite a fresh temp file and removes it on drop', async () => {
    const sqlite = testDatabases({})[0]!;
    const a = await sqlite.create();
    const b = await sqlite.create();
    expect(a.url).not.toBe(b.url);
    const handle = connect(a.url);
    await migrateToLatest(handle.db);
    await handle.close();
    expect(existsSync(a.url)).toBe(true);
    await a.drop();
    await b.drop();
    expect(existsSync(dirname(a.url))).toBe(false);
  });
});

describe.each(testDatabases())('schema on $name', (database) => {
  let handle: DbHandle;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ url, drop } = await database.create());
    handle = connect(url);
  });

  afterAll(async () => {
    await handle?.close();
    await drop?.();
    if (database.name === 'postgres') {
      // dropped for real
      const admin = new pg.Client({ connectionString: process.env[PG_ENV] });
      await admin.connect();
      const name = new URL(url).pathname.slice(1);
      const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      await admin.end();
      expect(rows).toEqual([]);
    }
  });

  it('migrates (twice, idempotently) and stores binary updates byte for byte', async () => {
    expect(handle.dialect).toBe(database.name);
    await migrateToLatest(handle.db);
    await migrateToLatest(handle.db);
    const data = new Uint8Array([0, 1, 2, 250, 255, 0]);
    await handle.db.insertInto('doc_update').values([{ project_id: 'p', data }, { project_id: 'p', data: new Uint8Array([7]) }]).execute();
    const rows = await handle.db.selectFrom('doc_update').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [...new Uint8Array(r.data)])).toEqual([[0, 1, 2, 250, 255, 0], [7]]);
    // ids are numbers on both databases and increase
    expect(typeof rows[0]!.id).toBe('number');
    expect(rows[1]!.id).toBeGreaterThan(rows[0]!.id);
  });

  it('enforces the unit hierarchy with a foreign key', async () => {
    const now = new Date().toISOString();
    await expect(
      handle.db
        .insertInto('unit')
        .values({ id: 'u_child', name: 'c', kind: 'department', level: 'city', parent_id: 'u_missing', created_at: now })
        .execute(),
    ).rejects.toThrow();
  });
});
