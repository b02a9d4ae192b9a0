import { connect, type DbHandle, sql } from '@jixiao/db';
import { migrateWithoutAuth, testDatabases } from '@jixiao/db/testing';
import { importPublishedText, TableDoc, type TableJSON } from '@jixiao/table';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Actor } from '../actor.ts';
import { AppError } from '../errors.ts';
import { importProjects } from './import-projects.ts';
import { loadDocUpdates } from '../projects/read-table.ts';

const seed003 = readFileSync(new URL('../../../table/fixtures/seeds/003_779fbb76cc83e166.txt', import.meta.url), 'utf8');
const tables = (): TableJSON[] => importPublishedText(seed003).tables.map((t) => t.table);

const actorOf = (id: string, role: 'editor' | 'reviewer', unitId = 'u_dept'): Actor => ({
  user: { id, email: `${id}@jixiao.test`, name: id },
  memberships: [{ unitId, unitName: '测试医保局', unitKind: 'department', role }],
});
const editor = actorOf('editor', 'editor');

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? `${e.code}:${e.message}` : String(e);
  }
};

describe.each(testDatabases())('importProjects on $name', (database) => {
  let handle: DbHandle;
  let drop: () => Promise<void>;
  const count = async (table: 'project' | 'audit') =>
    Number((await handle.db.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    handle = connect(created.url);
    await migrateWithoutAuth(handle.db);
    const now = new Date().toISOString();
    await handle.db
      .insertInto('unit')
      .values([
        { id: 'u_dept', name: '测试医保局', kind: 'department', level: 'county', parent_id: null, created_at: now },
        { id: 'u_other', name: '测试教育局', kind: 'department', level: 'county', parent_id: null, created_at: now },
      ])
      .execute();
    // importers are real users: what they bring is attributed to them
    await handle.db.insertInto('user').values({ id: 'editor', email: 'editor@jixiao.test', name: 'editor' }).execute();
  });

  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  it('creates every table as a project in one go, with its document and one audit row', async () => {
    const input = tables();
    expect(input).toHaveLength(6);
    const audits = await count('audit');
    const created = await importProjects(handle.db, editor, { unitId: 'u_dept', tables: input });
    expect(created.map((p) => [p.name, p.year, p.unitId, p.access])).toEqual(
      input.map((t) => [t.header.projectName, 2026, 'u_dept', 'edit']),
    );
    expect(await count('project')).toBe(6);
    expect(await count('audit')).toBe(audits + 1);
    // the document holds the imported table, stored at rest: a lone snapshot, nothing logged
    const stored = await loadDocUpdates(handle.db, created[0]!.id);
    expect(stored).toMatchObject({ logLength: 0, upto: 0 });
    expect(stored.updates).toHaveLength(1);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.updates[0]!);
    const back = new TableDoc(doc).toJSON();
    expect(back.header).toEqual(input[0]!.header);
    expect(back.indicators.map((i) => [i.level2, i.name, i.value])).toEqual(
      input[0]!.indicators.map((i) => [i.level2, i.name, i.value]),
    );
  });

  it('is all or nothing: a failure at the third table leaves no project behind', async () => {
    const before = await count('project');
    const audits = await count('audit');
    // make the database itself refuse the third insert, inside the transaction
    if (handle.dialect === 'sqlite') {
      await sql`CREATE TRIGGER refuse_boom BEFORE INSERT ON project WHEN NEW.name = '会失败的项目' BEGIN SELECT RAISE(ABORT, 'refused'); END`.execute(handle.db);
    } else {
      await sql`CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN IF NEW.name = '会失败的项目' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`.execute(handle.db);
      await sql`CREATE TRIGGER refuse_boom BEFORE INSERT ON project FOR EACH ROW EXECUTE FUNCTION refuse_boom()`.execute(handle.db);
    }
    // another year than the first test's import, so nothing is a duplicate
    const input = tables().slice(0, 4);
    for (const t of input) t.header.year = '2030';
    input[2]!.header.projectName = '会失败的项目';
    await expect(importProjects(handle.db, editor, { unitId: 'u_dept', tables: input })).rejects.toThrow(/refused/);
    expect(await count('project')).toBe(before);
    expect(await count('audit')).toBe(audits);
    await sql`DROP TRIGGER refuse_boom${sql.raw(handle.dialect === 'postgres' ? ' ON project' : '')}`.execute(handle.db);
  });

  it('checks permission, unit, names and years before writing anything', async () => {
    const before = await count('project');
    const one = tables().slice(0, 1);
    expect(await codeOf(importProjects(handle.db, actorOf('r', 'reviewer'), { unitId: 'u_dept', tables: one }))).toMatch(/^FORBIDDEN:/);
    expect(await codeOf(importProjects(handle.db, editor, { unitId: 'u_other', tables: one }))).toMatch(/^FORBIDDEN:/);
    expect(await codeOf(importProjects(handle.db, editor, { unitId: 'nope', tables: one }))).toMatch(/^UNIT_NOT_FOUND:/);
    expect(await codeOf(importProjects(handle.db, editor, { unitId: 'u_dept', tables: [] }))).toBe('INVALID_INPUT:请至少选择一个表格');
    const unnamed = tables().slice(0, 2);
    unnamed[1]!.header.projectName = ' ';
    expect(await codeOf(importProjects(handle.db, editor, { unitId: 'u_dept', tables: unnamed }))).toBe(
      'INVALID_INPUT:第 2 个表格没有项目名称',
    );
    // the name follows createProject's rule: no control characters (they break lists, exports and CSV)
    const controls = tables().slice(0, 1);
    controls[0]!.header.projectName = '项目\u0000名称';
    expect(await codeOf(importProjects(handle.db, editor, { unitId: 'u_dept', tables: controls }))).toBe(
      'INVALID_INPUT:第 1 个表格的项目名称不能包含控制字符',
    );
    const noYear = tables().slice(0, 1);
    delete noYear[0]!.header.year;
    expect(await codeOf(importProjects(handle.db, editor, { unitId: 'u_dept', tables: noYear }))).toMatch(/年度无效/);
    expect(await codeOf(importProjects(handle.db, editor, { unitId: 'u_dept', tables: [{ header: 1 } as never] }))).toBe(
      'INVALID_INPUT:第 1 个表格格式不正确',
    );
    expect(await count('project')).toBe(before);
    // a table without a year takes the one chosen
    const [p] = await importProjects(handle.db, editor, { unitId: 'u_dept', year: 2027, tables: noYear });
    expect(p!.year).toBe(2027);
  });

  it('refuses importing the same table again, or twice in one import, and writes nothing', async () => {
    const before = await count('project');
    const again = await codeOf(importProjects(handle.db, editor, { unitId: 'u_dept', tables: tables().slice(0, 2) }));
    expect(again).toMatch(/^DUPLICATE_PROJECT:「.+」2026 年度绩效目标表重复：本单位已有此表/);
    const twin = tables()[0]!;
    twin.header.year = '2031';
    const twice = await codeOf(importProjects(handle.db, editor, { unitId: 'u_dept', tables: [twin, structuredClone(twin)] }));
    expect(twice).toMatch(/^DUPLICATE_PROJECT:.*本次导入中出现两次/);
    expect(await count('project')).toBe(before);
  });
});
