import { type Database, type DbHandle, type Kysely, connect } from '@jixiao/db';
import { migrateWithoutAuth, testDatabases } from '@jixiao/db/testing';
import { type KyselyPlugin, type RootOperationNode, InsertQueryNode, TableNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocStore } from './doc-store.ts';

/** Counts INSERTs into doc_update: one per group commit. */
class InsertCounter implements KyselyPlugin {
  inserts = 0;
  transformQuery({ node }: { node: RootOperationNode }): RootOperationNode {
    // the log's INSERT: the statement itself, or (PostgreSQL) a WITH of the attribution's
    const ctes = 'with' in node && node.with ? node.with.expressions.map((e) => e.expression) : [];
    for (const n of [node, ...ctes]) {
      if (InsertQueryNode.is(n) && n.into && TableNode.is(n.into) && n.into.table.identifier.name === 'doc_update') this.inserts++;
    }
    return node;
  }
  async transformResult<T>({ result }: { result: T }): Promise<T> {
    return result;
  }
}

/** A document and the updates it emitted, one per edit. */
function editor() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return { doc, text: doc.getText('t'), map: doc.getMap<string>('m'), updates };
}

function replay(updates: Uint8Array[]) {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
}

async function logIds(db: Kysely<Database>, projectId: string): Promise<number[]> {
  const rows = await db.selectFrom('doc_update').select('id').where('project_id', '=', projectId).orderBy('id').execute();
  return rows.map((r) => Number(r.id));
}

/** tables that fall quiet together and compact in one burst */
const BURST = Array.from({ length: 20 }, (_, i) => `p_burst${i}`);

describe.each(testDatabases())('DocStore on $name', (database) => {
  let handle: DbHandle;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    handle = connect(created.url);
    await migrateWithoutAuth(handle.db);
    // the log's rows belong to projects (a foreign key)
    await handle.db.insertInto('unit').values({ id: 'u', name: '单位', kind: 'department', level: 'region', parent_id: null, created_at: '' }).execute();
    const ids = ['p_a', 'p_attr', 'p_attr2', 'p_b', 'p_compact', 'p_empty', 'p_fail', 'p_flush', 'p_group', 'p_none', 'p_race', 'p_stored', 'p_short', 'p_cas', 'p_bad', 'p_gap', 'p_reuse', 'p_reuse2', ...BURST];
    await handle.db
      .insertInto('project')
      .values(ids.map((id) => ({ id, unit_id: 'u', name: id, year: 2026, kind: 'target' as const, created_by: null, created_at: '' })))
      .execute();
    await handle.db.insertInto('user').values([{ id: 'usr_a', email: 'a@x', name: '甲' }, { id: 'usr_b', email: 'b@x', name: '乙' }]).execute();
  });

  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  it('loads nothing for an unknown document', async () => {
    const store = new DocStore(handle.db);
    expect(await store.load('p_none')).toEqual({ updates: [], logLength: 0, upto: 0, lastId: 0 });
  });

  it('group-commits appends made together in one insert, resolving each once committed', async () => {
    const counter = new InsertCounter();
    const store = new DocStore(handle.db.withPlugin(counter), 20);
    const e = editor();
    for (let i = 0; i < 30; i++) e.text.insert(e.text.length, `${i},`);
    expect(e.updates.length).toBe(30);
    const settled: number[] = [];
    await Promise.all(e.updates.map((u, i) => store.append('p_group', u).then(() => settled.push(i))));
    expect(counter.inserts).toBe(1);
    expect(settled.length).toBe(30);
    // committed means visible to another reader
    expect((await logIds(handle.db, 'p_group')).length).toBe(30);
    const loaded = await store.load('p_group');
    expect(loaded.logLength).toBe(30);
    expect(replay(loaded.updates).getText('t').toString()).toBe(e.text.toString());

    // appends after the commit start a new group
    e.text.insert(0, 'x');
    await store.append('p_group', e.updates.at(-1)!);
    expect(counter.inserts).toBe(2);
  });

  it('flush commits the queue at once', async () => {
    const store = new DocStore(handle.db, 60_000);
    const e = editor();
    e.map.set('k', 'v');
    let done = false;
    const appended = store.append('p_flush', e.updates[0]!).then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    await store.flush();
    expect(done).toBe(true);
    await appended;
    expect((await logIds(handle.db, 'p_flush')).length).toBe(1);
  });

  it('keeps documents apart and in order', async () => {
    const store = new DocStore(handle.db);
    const a = editor();
    const b = editor();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      a.text.insert(a.text.length, `a${i}`);
      pending.push(store.append('p_a', a.updates.at(-1)!));
      b.map.set(`k${i}`, `b${i}`);
      pending.push(store.append('p_b', b.updates.at(-1)!));
    }
    await Promise.all(pending);
    const la = await store.load('p_a');
    const lb = await store.load('p_b');
    // updates come back in append order: byte-identical to what was sent
    expect(la.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual(a.updates.map((u) => Buffer.from(u).toString('hex')));
    expect(replay(la.updates).getText('t').toString()).toBe(a.text.toString());
    expect(replay(lb.updates).getMap('m').toJSON()).toEqual(b.map.toJSON());
    expect(replay(lb.updates).getText('t').toString()).toBe('');
  });

  it('runs a burst of compactions one at a time, with the loop free between them', async () => {
    const store = new DocStore(handle.db);
    const rooms = await Promise.all(
      BURST.map(async (id) => {
        const e = editor();
        for (let i = 0; i < 60; i++) e.text.insert(e.text.length, `${id}第${i}句`);
        await Promise.all(e.updates.map((u) => store.append(id, u)));
        return { id, e };
      }),
    );
    // what the loop gets between the compactions: each turn of this ticker is one I/O turn
    let turns = 0;
    let done = false;
    const tick = () => {
      turns++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const folded = await Promise.all(rooms.map(({ id, e }) => store.compact(id, e.doc)));
    done = true;
    expect(folded).toEqual(BURST.map(() => 60));
    // SQLite's queries never yield: compactions run together held the loop throughout (1–2 turns)
    expect(turns).toBeGreaterThanOrEqual(BURST.length);
    for (const { id, e } of rooms) {
      const loaded = await store.load(id);
      expect([loaded.logLength, replay(loaded.updates).getText('t').toString()]).toEqual([0, e.text.toString()]);
    }
  });

  it('compacts the log into a snapshot that keeps everything', async () => {
    const store = new DocStore(handle.db);
    const e = editor();
    for (let i = 0; i < 50; i++) {
      e.text.insert(Math.floor(e.text.length / 2), `第${i}条`);
      if (i % 7 === 0) e.text.delete(0, 1);
      e.map.set(`k${i % 5}`, `v${i}`);
    }
    await Promise.all(e.updates.map((u) => store.append('p_compact', u)));
    const ids = await logIds(handle.db, 'p_compact');
    const room = replay((await store.load('p_compact')).updates);
    await store.compact('p_compact', room);

    expect(await logIds(handle.db, 'p_compact')).toEqual([]);
    const snap = await handle.db
      .selectFrom('doc_snapshot')
      .selectAll()
      .where('project_id', '=', 'p_compact')
      .executeTakeFirstOrThrow();
    expect(Number(snap.upto)).toBe(ids.at(-1));
    const loaded = await store.load('p_compact');
    expect(loaded.logLength).toBe(0);
    expect(loaded.updates.length).toBe(1);
    const back = replay(loaded.updates);
    expect(back.getText('t').toString()).toBe(e.text.toString());
    expect(back.getMap('m').toJSON()).toEqual(e.map.toJSON());

    // later updates land in the log after the snapshot; a second compaction folds them in
    e.text.insert(0, '后来');
    Y.applyUpdate(room, e.updates.at(-1)!);
    await store.append('p_compact', e.updates.at(-1)!);
    const again = await store.load('p_compact');
    expect(again.logLength).toBe(1);
    expect(replay(again.updates).getText('t').toString()).toBe(e.text.toString());
    await store.compact('p_compact', room);
    const final = await store.load('p_compact');
    expect(final.logLength).toBe(0);
    expect(replay(final.updates).getText('t').toString()).toBe(e.text.toString());
    // the snapshot was replaced, not duplicated
    const snaps = await handle.db.selectFrom('doc_snapshot').select('project_id').where('project_id', '=', 'p_compact').execute();
    expect(snaps.length).toBe(1);
  });

  it('loses nothing when appends and a compaction interleave', async () => {
    const store = new DocStore(handle.db, 5);
    const e = editor();
    const room = new Y.Doc();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      e.text.insert(e.text.length, `${i};`);
      const u = e.updates.at(-1)!;
      // the room's order: apply to the in-memory document, then append
      Y.applyUpdate(room, u);
      pending.push(store.append('p_race', u));
      if (i % 10 === 5) pending.push(store.compact('p_race', room).then(() => {}));
    }
    await Promise.all(pending);
    await store.flush();
    const loaded = await store.load('p_race');
    expect(replay(loaded.updates).getText('t').toString()).toBe(e.text.toString());
    // after a last compaction only the snapshot remains, still complete
    await store.compact('p_race', room);
    const final = await store.load('p_race');
    expect(final.updates.length).toBe(1);
    expect(replay(final.updates).getText('t').toString()).toBe(e.text.toString());
  });

  it('compacts a stored document no room holds, in slices, and says which logs are long', async () => {
    const store = new DocStore(handle.db);
    const e = editor();
    for (let i = 0; i < 1234; i++) {
      e.text.insert(i % 17 < e.text.length ? i % 17 : 0, String.fromCharCode(0x4e00 + (i % 300)));
      if (i % 11 === 0) e.map.set(`k${i % 7}`, `v${i}`);
    }
    const s = editor();
    for (let i = 0; i < 5; i++) s.text.insert(0, `${i}`);
    await Promise.all([...e.updates.map((u) => store.append('p_stored', u)), ...s.updates.map((u) => store.append('p_short', u))]);
    const longest = await store.longLogs(1000);
    expect(longest).toEqual(['p_stored']);
    const some = await store.longLogs(5);
    expect(some[0]).toBe('p_stored');
    expect(some).toContain('p_short');
    expect(await store.longLogs(6)).not.toContain('p_short');

    const last = (await logIds(handle.db, 'p_stored')).at(-1)!;
    expect(await store.compactStored('p_stored')).toBe(true);
    expect(await logIds(handle.db, 'p_stored')).toEqual([]);
    const loaded = await store.load('p_stored');
    expect(loaded).toMatchObject({ logLength: 0, upto: last, lastId: last });
    const back = replay(loaded.updates);
    expect(back.getText('t').toString()).toBe(e.text.toString());
    expect(back.getMap('m').toJSON()).toEqual(e.map.toJSON());
    expect(await store.longLogs(5)).not.toContain('p_stored');
    // nothing logged: nothing to do
    expect(await store.compactStored('p_stored')).toBe(false);
  });

  it('a compaction from storage never overwrites a newer one, and is never written half', async () => {
    const store = new DocStore(handle.db);
    const e = editor();
    for (let i = 0; i < 30; i++) e.text.insert(e.text.length, `${i},`);
    await Promise.all(e.updates.map((u) => store.append('p_cas', u)));
    const room = replay((await store.load('p_cas')).updates);
    // the room compacts after the stored compaction read the document, before it writes
    const read = store.load.bind(store);
    store.load = async (projectId) => {
      const stored = await read(projectId);
      expect(await store.compact('p_cas', room)).toBe(30);
      return stored;
    };
    const stored = store.compactStored('p_cas');
    expect(await stored).toBe(false);
    store.load = read;
    const after = await store.load('p_cas');
    expect(after.logLength).toBe(0);
    expect(replay(after.updates).getText('t').toString()).toBe(e.text.toString());

    // an update Yjs cannot apply: the compaction fails and the log stays as it was
    await store.append('p_bad', e.updates[0]!);
    await store.append('p_bad', new Uint8Array([9, 9, 9, 9]));
    const before = await logIds(handle.db, 'p_bad');
    await expect(store.compactStored('p_bad')).rejects.toThrow();
    expect(await logIds(handle.db, 'p_bad')).toEqual(before);
    expect(await handle.db.selectFrom('doc_snapshot').select('upto').where('project_id', '=', 'p_bad').execute()).toEqual([]);
  });

  it('compacting an empty log writes nothing', async () => {
    const store = new DocStore(handle.db);
    await store.compact('p_empty', new Y.Doc());
    const snaps = await handle.db.selectFrom('doc_snapshot').select('project_id').where('project_id', '=', 'p_empty').execute();
    expect(snaps).toEqual([]);
  });

  it('rejects the appends of a batch that cannot be stored, and keeps working', async () => {
    const store = new DocStore(handle.db);
    const e = editor();
    e.text.insert(0, 'ok');
    // a NULL project id violates NOT NULL: the whole group fails together
    const bad = store.append(null as unknown as string, e.updates[0]!);
    const sameBatch = store.append('p_fail', e.updates[0]!);
    await expect(bad).rejects.toThrow();
    await expect(sameBatch).rejects.toThrow();
    expect(await logIds(handle.db, 'p_fail')).toEqual([]);
    await store.append('p_fail', e.updates[0]!);
    expect((await logIds(handle.db, 'p_fail')).length).toBe(1);
  });

  it('stores who sent each update and when; per part the last writer of a batch wins', async () => {
    const counter = new InsertCounter();
    const store = new DocStore(handle.db.withPlugin(counter), 20);
    const e = editor();
    for (let i = 0; i < 4; i++) e.text.insert(0, String(i));
    const started = new Date().toISOString();
    await Promise.all([
      store.append('p_attr', e.updates[0]!, { userId: 'usr_a', parts: ['indicator:r1', 'section:goal'] }),
      store.append('p_attr', e.updates[1]!, { userId: 'usr_b', parts: ['indicator:r1'] }),
      store.append('p_attr2', e.updates[2]!, { userId: 'usr_a', parts: ['indicator:r1'] }),
      store.append('p_attr', e.updates[3]!),
    ]);
    expect(counter.inserts).toBe(1);
    const log = await handle.db
      .selectFrom('doc_update')
      .select(['user_id', 'received_at'])
      .where('project_id', '=', 'p_attr')
      .orderBy('id')
      .execute();
    expect(log.map((r) => r.user_id)).toEqual(['usr_a', 'usr_b', null]);
    for (const r of log) expect(r.received_at! >= started).toBe(true);
    expect(await changes('p_attr')).toEqual([
      ['indicator:r1', 'usr_b'],
      ['section:goal', 'usr_a'],
    ]);
    expect(await changes('p_attr2')).toEqual([['indicator:r1', 'usr_a']]);

    // a later batch moves the attribution
    await store.append('p_attr', e.updates[3]!, { userId: 'usr_a', parts: ['indicator:r1'] });
    expect(await changes('p_attr')).toEqual([
      ['indicator:r1', 'usr_a'],
      ['section:goal', 'usr_a'],
    ]);
  });

  it('a commit as large as an earlier one reuses its compiled statements, each row with its own values', async () => {
    const counter = new InsertCounter();
    const store = new DocStore(handle.db.withPlugin(counter), 20);
    const e = editor();
    for (let i = 0; i < 4; i++) e.text.insert(e.text.length, `第${i}段`);
    await Promise.all([
      store.append('p_reuse', e.updates[0]!, { userId: 'usr_a', parts: ['indicator:r1'] }),
      store.append('p_reuse2', e.updates[1]!, { userId: 'usr_b', parts: ['section:goal'] }),
    ]);
    await Promise.all([
      store.append('p_reuse2', e.updates[2]!, { userId: 'usr_a', parts: ['section:goal'] }),
      store.append('p_reuse', e.updates[3]!, { userId: 'usr_b', parts: ['indicator:r2'] }),
    ]);
    // compiled once (the plugin sees compilations), run twice
    expect(counter.inserts).toBe(1);
    const log = await handle.db
      .selectFrom('doc_update')
      .select(['project_id', 'user_id', 'data'])
      .where('project_id', 'in', ['p_reuse', 'p_reuse2'])
      .orderBy('id')
      .execute();
    expect(log.map((r) => [r.project_id, r.user_id, Buffer.from(r.data).equals(e.updates[log.indexOf(r)]!)])).toEqual([
      ['p_reuse', 'usr_a', true],
      ['p_reuse2', 'usr_b', true],
      ['p_reuse2', 'usr_a', true],
      ['p_reuse', 'usr_b', true],
    ]);
    expect(await changes('p_reuse')).toEqual([
      ['indicator:r1', 'usr_a'],
      ['indicator:r2', 'usr_b'],
    ]);
    expect(await changes('p_reuse2')).toEqual([['section:goal', 'usr_a']]);
    const loaded = await store.load('p_reuse2');
    expect(replay([...(await store.load('p_reuse')).updates, ...loaded.updates]).getText('t').toString()).toBe(e.text.toString());
  });

  async function changes(projectId: string): Promise<Array<[string, string]>> {
    const rows = await handle.db
      .selectFrom('part_change')
      .select(['part', 'user_id', 'changed_at'])
      .where('project_id', '=', projectId)
      .orderBy('part')
      .execute();
    for (const r of rows) expect(Number.isNaN(Date.parse(r.changed_at))).toBe(false);
    return rows.map((r) => [r.part, r.user_id]);
  }

  it('commits the first update after the delay, the next ones no sooner than the commit gap after the last commit', async () => {
    // under load, group commits are spaced by the gap, so each holds more updates
    const GAP_MS = 200;
    const store = new DocStore(handle.db, 1, GAP_MS);
    const e = editor();
    for (let i = 0; i < 4; i++) e.text.insert(0, String(i));

    const t0 = performance.now();
    await store.append('p_gap', e.updates[0]!);
    const first = performance.now() - t0;
    // a quiet store commits after the delay, not the gap
    expect(first).toBeLessThan(GAP_MS / 2);

    const t1 = performance.now();
    // arriving right after a commit: they wait for the gap and are committed together
    const rest = e.updates.slice(1).map((u) => store.append('p_gap', u).then(() => performance.now()));
    const done = await Promise.all(rest);
    expect(Math.min(...done) - t1).toBeGreaterThanOrEqual(GAP_MS - first - 5);
    expect(Math.max(...done) - Math.min(...done)).toBeLessThan(5);
    expect((await store.load('p_gap')).logLength).toBe(4);
  });
});
