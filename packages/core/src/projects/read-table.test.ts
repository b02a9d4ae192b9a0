import { type Database, type DbHandle, type Kysely, connect } from '@jixiao/db';
import { migrateWithoutAuth, testDatabases } from '@jixiao/db/testing';
import { type TableJSON, TableDoc } from '@jixiao/table';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { SelectQueryNode, TableNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Actor } from '../actor.ts';
import { AppError } from '../errors.ts';
import { initialDocUpdate } from './create-project.ts';
import { loadDocUpdates, loadManyDocUpdates, readTable, serveLiveTables } from './read-table.ts';

const TABLE: TableJSON = {
  header: { projectName: '读取测试', moneyUnit: '元', annualTotal: '2000000.00', year: '2026' },
  goal: '目标',
  indicators: [
    { level1: '产出指标', level2: '数量指标', name: '人数', value: '≥1700人次' },
    { level1: '产出指标', level2: '成本指标', name: '成本', value: '2000000.00元' },
  ],
};

function actor(unitId: string): Actor {
  return {
    user: { id: `user_${unitId}`, email: `${unitId}@x.test`, name: unitId },
    memberships: [{ unitId, unitName: unitId, unitKind: 'department', role: 'editor' }],
  };
}

/** Applies `edit` to the stored document and logs the resulting update, as the collab server would. */
async function logEdit(db: Kysely<Database>, projectId: string, edit: (t: TableDoc) => void): Promise<void> {
  const doc = new Y.Doc();
  for (const u of (await loadDocUpdates(db, projectId)).updates) Y.applyUpdate(doc, u);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  edit(new TableDoc(doc));
  for (const data of updates) await db.insertInto('doc_update').values({ project_id: projectId, data }).execute();
}

/** A project of unit u_a whose first state is logged (as tables were stored before they started as a snapshot). */
async function addProject(db: Kysely<Database>, id: string, name: string): Promise<void> {
  const at = new Date().toISOString();
  await db.insertInto('project').values({ id, unit_id: 'u_a', name, year: 2026, kind: 'target', created_by: null, created_at: at }).execute();
  await db.insertInto('doc_update').values({ project_id: id, data: initialDocUpdate(TABLE) }).execute();
}

/** What DocStore.compact does: the log merged into a snapshot, in one transaction. */
async function compact(db: Kysely<Database>, projectId: string): Promise<void> {
  const doc = new Y.Doc();
  for (const u of (await loadDocUpdates(db, projectId)).updates) Y.applyUpdate(doc, u);
  await db.transaction().execute(async (tx) => {
    const last = await tx
      .selectFrom('doc_update')
      .select((eb) => eb.fn.max('id').as('upto'))
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    const upto = Number(last?.upto ?? 0);
    const values = { data: Y.encodeStateAsUpdate(doc), upto, updated_at: new Date().toISOString() };
    await tx
      .insertInto('doc_snapshot')
      .values({ project_id: projectId, ...values })
      .onConflict((oc) => oc.column('project_id').doUpdateSet(values))
      .execute();
    await tx.deleteFrom('doc_update').where('project_id', '=', projectId).where('id', '<=', upto).execute();
  });
}

/** Runs `between` once, right after the first SELECT from `table` has returned. */
class AfterRead implements KyselyPlugin {
  private readonly ids = new WeakSet<object>();
  private readonly table: string;
  private readonly between: () => Promise<void>;
  done = false;
  constructor(table: string, between: () => Promise<void>) {
    this.table = table;
    this.between = between;
  }
  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const from = SelectQueryNode.is(node) ? node.from?.froms[0] : undefined;
    if (from && TableNode.is(from) && from.table.identifier.name === this.table) this.ids.add(queryId);
    return node;
  }
  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (!this.done && this.ids.has(queryId)) {
      this.done = true;
      await this.between();
    }
    return result;
  }
}

describe.each(testDatabases())('readTable on $name', (database) => {
  let handle: DbHandle;
  let other: DbHandle;
  let drop: () => Promise<void>;
  let url: string;
  let db: Kysely<Database>;

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    url = created.url;
    handle = connect(created.url);
    other = connect(created.url);
    db = handle.db;
    await migrateWithoutAuth(db);
    const at = new Date().toISOString();
    await db
      .insertInto('unit')
      .values([
        { id: 'u_a', name: '甲局', kind: 'department', level: 'region', parent_id: null, created_at: at },
        { id: 'u_b', name: '乙局', kind: 'department', level: 'region', parent_id: null, created_at: at },
      ])
      .execute();
    await addProject(db, 'p_read', '读取测试');
  });

  afterAll(async () => {
    await other?.close();
    await handle?.close();
    await drop?.();
  });

  it('returns the project and its table for someone who may see it', async () => {
    const { project, table } = await readTable(db, actor('u_a'), 'p_read');
    expect(project).toMatchObject({ id: 'p_read', name: '读取测试', unitName: '甲局', access: 'edit' });
    expect({ ...table, indicators: table.indicators.map(({ id: _id, ...r }) => r) }).toEqual(TABLE);
    expect(table.indicators.every((r) => typeof r.id === 'string')).toBe(true);
  });

  it('reads a table held live from its holder, after the same access check, and SQL for the rest and in transactions', async () => {
    const served = connect(url);
    try {
      const live: TableJSON = { ...TABLE, goal: '房间里的目标（尚未写入 SQL）' };
      const asked: string[] = [];
      serveLiveTables(served.db, {
        table: (id) => {
          asked.push(id);
          return id === 'p_read' ? live : null;
        },
      });
      expect((await readTable(served.db, actor('u_a'), 'p_read')).table).toBe(live);
      // the live copy does not bypass access: other units are refused before it is asked
      await expect(readTable(served.db, actor('u_b'), 'p_read')).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
      expect(asked).toEqual(['p_read']);
      // a transaction reads what is committed, and other handles are not served
      const inTx = await served.db.transaction().execute((tx) => readTable(tx, actor('u_a'), 'p_read'));
      expect(inTx.table.goal).toBe(TABLE.goal);
      expect((await readTable(db, actor('u_a'), 'p_read')).table.goal).toBe(TABLE.goal);
    } finally {
      await served.close();
    }
  });

  it('refuses other units (403) and unknown projects (404)', async () => {
    await expect(readTable(db, actor('u_b'), 'p_read')).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    const err = await readTable(db, actor('u_a'), 'p_nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'PROJECT_NOT_FOUND', status: 404 });
  });

  it('sees logged edits, before and after compaction', async () => {
    await logEdit(db, 'p_read', (t) => t.setHeader('projectName', '改名一'));
    expect((await readTable(db, actor('u_a'), 'p_read')).table.header.projectName).toBe('改名一');
    await compact(db, 'p_read');
    expect(await loadDocUpdates(db, 'p_read')).toMatchObject({ logLength: 0 });
    await logEdit(db, 'p_read', (t) => {
      const first = t.indicators()[0]!;
      t.setIndicatorText(first.id, 'value', '≥1800人次');
    });
    const loaded = await loadDocUpdates(db, 'p_read');
    expect(loaded.logLength).toBe(1);
    expect(loaded.updates).toHaveLength(2);
    const { table } = await readTable(db, actor('u_a'), 'p_read');
    expect(table.header.projectName).toBe('改名一');
    expect(table.indicators.map((r) => r.value)).toEqual(['≥1800人次', '2000000.00元']);
  });

  it('misses nothing when a compaction lands between reading the snapshot and the log', async () => {
    await logEdit(db, 'p_read', (t) => t.setHeader('projectName', '改名二'));
    await logEdit(db, 'p_read', (t) => t.setHeader('department', '主管'));
    const race = new AfterRead('doc_snapshot', () => compact(other.db, 'p_read'));
    const { updates, logLength } = await loadDocUpdates(db.withPlugin(race), 'p_read');
    expect(race.done).toBe(true);
    expect(logLength).toBe(0); // read again after the compaction: all in the new snapshot
    const doc = new Y.Doc();
    for (const u of updates) Y.applyUpdate(doc, u);
    expect(new TableDoc(doc).toJSON().header).toMatchObject({ projectName: '改名二', department: '主管' });
  });

  it('loads several documents in one pass as loadDocUpdates loads each, also across a compaction between the reads', async () => {
    await addProject(db, 'p_many', '批量');
    await logEdit(db, 'p_many', (t) => t.setHeader('projectName', '批量一'));
    await logEdit(db, 'p_read', (t) => t.setHeader('projectName', '改名三'));
    const ids = ['p_read', 'p_many', 'p_none'];
    const each = async () => Promise.all(ids.map((id) => loadDocUpdates(db, id)));
    expect([...(await loadManyDocUpdates(db, ids)).values()]).toEqual(await each());

    // p_read is compacted right after its snapshot was read: read again, nothing missed
    await logEdit(db, 'p_read', (t) => t.setHeader('department', '批量主管'));
    const race = new AfterRead('doc_snapshot', () => compact(other.db, 'p_read'));
    const many = await loadManyDocUpdates(db.withPlugin(race), ids);
    expect(race.done).toBe(true);
    expect([...many.keys()]).toEqual(ids);
    expect([...many.values()]).toEqual(await each());
    expect(many.get('p_read')).toMatchObject({ logLength: 0 });
    const doc = new Y.Doc();
    for (const u of many.get('p_read')!.updates) Y.applyUpdate(doc, u);
    expect(new TableDoc(doc).toJSON().header).toMatchObject({ projectName: '改名三', department: '批量主管' });
  });

  it('loads nothing for a project without a document', async () => {
    expect(await loadDocUpdates(db, 'p_none')).toEqual({ updates: [], logLength: 0, upto: 0, lastId: 0 });
  });

  it('reads a stored document of any shape: what does not fit is skipped and listed', async () => {
    await addProject(db, 'p_bad', '异常');
    // written by an editor before the server checked updates
    await logEdit(db, 'p_bad', (t) => {
      t.indicatorMap.set('evil', '不是指标行');
      t.header.set('projectName', new Y.Map());
      t.row(t.indicators()[0]!.id)!.set('order', 7);
    });
    await db.insertInto('doc_update').values({ project_id: 'p_bad', data: new Uint8Array([0xff, 0xff, 0x01]) }).execute();
    const { table } = await readTable(db, actor('u_a'), 'p_bad');
    expect(table.header.projectName).toBeUndefined();
    expect(table.indicators.map((r) => r.name)).toEqual(['人数', '成本']);
    expect(table.problems?.map((p) => p.path).sort()).toEqual(
      ['header.projectName', 'indicators.evil', `indicators.${table.indicators[0]!.id}.order`, 'updates'].sort(),
    );
    expect(table.problems?.at(-1)).toEqual({ path: 'updates', message: '1条存储的更新无法读取，已跳过' });
  });
});
