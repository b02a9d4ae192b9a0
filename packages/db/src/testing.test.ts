import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, connect } from './connect.ts';
import { Migrator } from 'kysely/migration';
import { migrations } from './migrations/index.ts';
import { PG_ENV, migrateWithoutAuth, testDatabases } from './testing.ts';

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
    await migrateWithoutAuth(handle.db);
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
    await migrateWithoutAuth(handle.db);
    await migrateWithoutAuth(handle.db);
    const data = new Uint8Array([0, 1, 2, 250, 255, 0]);
    await handle.db.insertInto('unit').values({ id: 'u', name: 'u', kind: 'department', level: 'region', parent_id: null, created_at: '' }).execute();
    await handle.db.insertInto('project').values({ id: 'p', unit_id: 'u', name: 'p', year: 2026, kind: 'target', created_by: null, created_at: '' }).execute();
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

  it('refuses orphans: membership of an unknown user, updates and snapshots of an unknown project', async () => {
    const now = new Date().toISOString();
    await handle.db.insertInto('unit').values({ id: 'u_fk', name: 'fk', kind: 'department', level: 'region', parent_id: null, created_at: now }).execute();
    await expect(handle.db.insertInto('membership').values({ user_id: 'nobody', unit_id: 'u_fk', role: 'editor' }).execute()).rejects.toThrow();
    await expect(handle.db.insertInto('doc_update').values({ project_id: 'p_missing', data: new Uint8Array([1]) }).execute()).rejects.toThrow();
    await expect(
      handle.db.insertInto('doc_snapshot').values({ project_id: 'p_missing', data: new Uint8Array([1]), upto: 1, updated_at: now }).execute(),
    ).rejects.toThrow();
    // a user's memberships go with the user
    await handle.db.insertInto('user').values({ id: 'usr_fk', email: 'fk@x', name: 'fk' }).execute();
    await handle.db.insertInto('membership').values({ user_id: 'usr_fk', unit_id: 'u_fk', role: 'editor' }).execute();
    await handle.db.deleteFrom('user').where('id', '=', 'usr_fk').execute();
    expect(await handle.db.selectFrom('membership').selectAll().where('user_id', '=', 'usr_fk').execute()).toEqual([]);
  });

  it('keeps one live project per unit, year, kind and name', async () => {
    const row = { unit_id: 'u_fk', name: '同名项目', year: 2026, kind: 'target' as const, created_by: null, created_at: '' };
    await handle.db.insertInto('project').values({ ...row, id: 'p_one' }).execute();
    await expect(handle.db.insertInto('project').values({ ...row, id: 'p_two' }).execute()).rejects.toThrow();
    await handle.db.insertInto('project').values({ ...row, id: 'p_eval', kind: 'self_eval' }).execute();
    // an archived (deleted) table does not block a new one of its name
    await handle.db.updateTable('project').set({ archived_at: '2026-11-26T00:00:00Z' }).where('id', '=', 'p_one').execute();
    await handle.db.insertInto('project').values({ ...row, id: 'p_two' }).execute();
    await expect(handle.db.updateTable('project').set({ archived_at: null }).where('id', '=', 'p_one').execute()).rejects.toThrow();
    await handle.db.insertInto('project').values({ ...row, id: 'p_2027', year: 2027 }).execute();
  });

  it('upgrades a foundation-era database: duplicates renamed, orphans left behind, rows kept', async () => {
    const old = await database.create();
    const h = connect(old.url);
    try {
      const db = h.db as unknown as import('kysely').Kysely<unknown>;
      await h.db.schema.createTable('user').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('email', 'text').addColumn('name', 'text').execute();
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('2026-11-23T0900-foundation')).error).toBeUndefined();
      await h.db.insertInto('user').values({ id: 'usr', email: 'a@b', name: 'a' }).execute();
      await h.db.insertInto('unit').values({ id: 'u', name: 'u', kind: 'department', level: 'region', parent_id: null, created_at: '' }).execute();
      const p = { unit_id: 'u', name: '重名', year: 2026, kind: 'target' as const, created_by: null, created_at: '' };
      await h.db.insertInto('project').values([{ ...p, id: 'p_a' }, { ...p, id: 'p_b' }]).execute();
      await h.db.insertInto('membership').values([{ user_id: 'usr', unit_id: 'u', role: 'editor' }, { user_id: 'ghost', unit_id: 'u', role: 'editor' }]).execute();
      await h.db.insertInto('doc_update').values([{ project_id: 'p_a', data: new Uint8Array([1, 2]) }, { project_id: 'gone', data: new Uint8Array([3]) }]).execute();
      await h.db.insertInto('doc_snapshot').values({ project_id: 'p_b', data: new Uint8Array([9]), upto: 1, updated_at: '' }).execute();

      await migrateWithoutAuth(h.db);
      const names = await h.db.selectFrom('project').select(['id', 'name']).orderBy('id').execute();
      expect(names).toEqual([{ id: 'p_a', name: '重名' }, { id: 'p_b', name: '重名（重复 p_b）' }]);
      expect(await h.db.selectFrom('membership').select('user_id').execute()).toEqual([{ user_id: 'usr' }]);
      const updates = await h.db.selectFrom('doc_update').select(['project_id', 'data']).execute();
      expect(updates.map((u) => [u.project_id, [...new Uint8Array(u.data)]])).toEqual([['p_a', [1, 2]]]);
      expect((await h.db.selectFrom('doc_snapshot').select('project_id').execute()).map((r) => r.project_id)).toEqual(['p_b']);
      // the rebuilt log keeps counting upwards
      await h.db.insertInto('doc_update').values({ project_id: 'p_a', data: new Uint8Array([4]) }).execute();
      const ids = (await h.db.selectFrom('doc_update').select('id').orderBy('id').execute()).map((r) => r.id);
      expect(ids[1]).toBeGreaterThan(ids[0]!);
    } finally {
      await h.close();
      await old.drop();
    }
  });
});
