/**
 * Compaction in the background: a loaded table's log is folded into its snapshot once its
 * oldest update is compactAfterMs old (without waiting for compactAfterUpdates or an unload),
 * and after a start the tables a crash left with long logs are compacted, one at a time.
 */
import { testDatabases } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, destroyClients, freePort, openSeededApp, seed, signIn, sleep, start, storedTable, waitFor } from './helpers.ts';
import type { RunningApp } from '../src/app.ts';

async function logLength(app: RunningApp, projectId: string): Promise<number> {
  const rows = await app.services.db.selectFrom('doc_update').select('id').where('project_id', '=', projectId).execute();
  return rows.length;
}

async function until(cond: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Five edits, logged; resolves once the log is empty again, with how long that took after they were logged. */
async function editThenCompacted(app: RunningApp, projectId: string, table: TableDoc): Promise<number> {
  for (let i = 0; i < 5; i++) table.goal.insert(table.goal.length, `第${i}句。`);
  await until(async () => (await logLength(app, projectId)) >= 5, 'the edits to be logged');
  const edited = Date.now();
  await until(async () => (await logLength(app, projectId)) === 0, 'the log to be compacted');
  return Date.now() - edited;
}

describe.each(testDatabases())('background compaction on $name', (database) => {
  it('compacts a loaded table by age, long before compactAfterUpdates', { timeout: 30_000 }, async () => {
    const ageMs = 1500;
    const s = await openSeededApp(database, { collabConfig: { compactAfterMs: ageMs, compactSweepDelayMs: 0 } });
    const writer = await connectClient(s.app, s.data.projectId, s.cookies.editor!);
    try {
      const table = new TableDoc(writer.doc);
      // by age, not at once (a new table is a lone snapshot: the timer runs from the first edit)
      expect(await editThenCompacted(s.app, s.data.projectId, table)).toBeGreaterThan(ageMs / 3);
      expect(s.app.collab.roomCount).toBe(1);

      // later edits start the age timer again
      table.goal.insert(0, '再改。');
      await until(async () => (await logLength(s.app, s.data.projectId)) === 1, 'the next edit to be logged');
      await until(async () => (await logLength(s.app, s.data.projectId)) === 0, 'the log to be compacted again');
      const other = await connectClient(s.app, s.data.projectId, s.cookies.editor2!);
      expect(new TableDoc(other.doc).goal.toString()).toBe(table.goal.toString());
      destroyClients(other);
    } finally {
      destroyClients(writer);
      await s.close();
    }
  });

  it('compacts a table whose edits have stopped, long before its age bound, so a restart finds a lone snapshot', { timeout: 30_000 }, async () => {
    const quietMs = 600;
    const s = await openSeededApp(database, { collabConfig: { compactAfterMs: 600_000, compactWhenQuietMs: quietMs, compactSweepDelayMs: 0 } });
    const writer = await connectClient(s.app, s.data.projectId, s.cookies.editor!);
    try {
      const table = new TableDoc(writer.doc);
      expect(await editThenCompacted(s.app, s.data.projectId, table)).toBeLessThan(10_000);
      const stored = await s.app.services.db.selectFrom('doc_snapshot').select('data').where('project_id', '=', s.data.projectId).executeTakeFirstOrThrow();
      const restored = new Y.Doc();
      Y.applyUpdate(restored, stored.data);
      expect(new TableDoc(restored).goal.toString()).toBe(table.goal.toString());
    } finally {
      destroyClients(writer);
      await s.close();
    }
  });

  it('compacts long stored logs after a start, one table at a time, keeping every update', { timeout: 60_000 }, async () => {
    const created = await database.create();
    let app = await start(created.url, await freePort(), { collabConfig: { compactSweepDelayMs: 0 } });
    try {
      const data = await seed(app);
      // a crash left a long log: 600 updates written straight to the log, never loaded
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      const table = new TableDoc(doc);
      for (let i = 0; i < 600; i++) table.goal.insert(i % 13 < table.goal.length ? i % 13 : 0, String.fromCharCode(0x4e00 + i));
      for (let i = 0; i < updates.length; i += 200) {
        await app.services.db
          .insertInto('doc_update')
          .values(updates.slice(i, i + 200).map((data_) => ({ project_id: data.projectId, data: data_ })))
          .execute();
      }
      expect(await logLength(app, data.projectId)).toBe(600);
      await app.close();

      app = await start(created.url, await freePort(), { collabConfig: { compactSweepDelayMs: 50 } });
      await until(async () => (await logLength(app, data.projectId)) === 0, 'the sweep to compact the long log');
      const snap = await app.services.db.selectFrom('doc_snapshot').select('upto').where('project_id', '=', data.projectId).executeTakeFirst();
      expect(Number(snap?.upto)).toBeGreaterThan(0);
      const reader = await connectClient(app, data.projectId, await signIn(app, data.users.reviewer.email));
      expect(new TableDoc(reader.doc).goal.toString()).toBe(table.goal.toString());
      destroyClients(reader);
      // short logs are left alone: loading them is cheap
      expect(await app.collab.sweepLongLogs()).toBe(0);
    } finally {
      await app.close();
      await created.drop();
    }
  });

  it('a table loaded from its lone snapshot answers the first sync from it, then edits as usual', { timeout: 30_000 }, async () => {
    const s = await openSeededApp(database, { collabConfig: { idleUnloadMs: 100, compactSweepDelayMs: 0 } });
    try {
      const unloaded = () => waitFor(() => s.app.collab.roomCount === 0, 'the room to unload');
      const first = await connectClient(s.app, s.data.projectId, s.cookies.editor!);
      new TableDoc(first.doc).goal.insert(0, '第一版。');
      await until(async () => (await logLength(s.app, s.data.projectId)) >= 1, 'the edit to be logged');
      destroyClients(first);
      // unloaded and compacted: the stored document is one snapshot
      await unloaded();
      expect(await logLength(s.app, s.data.projectId)).toBe(0);

      // a new client (nothing held) is answered from the snapshot; its edit is stored and relayed
      const fresh = await connectClient(s.app, s.data.projectId, s.cookies.editor2!);
      expect(new TableDoc(fresh.doc).goal.toString()).toBe('第一版。');
      new TableDoc(fresh.doc).goal.insert(0, '再改。');
      const other = await connectClient(s.app, s.data.projectId, s.cookies.reviewer!);
      await waitFor(() => new TableDoc(other.doc).goal.toString() === '再改。第一版。', 'the edit to reach another client');
      destroyClients(fresh, other);
      await unloaded();

      // a client holding the document (a reconnect) syncs the usual way from the built doc
      const again = await connectClient(s.app, s.data.projectId, s.cookies.editor!);
      const held = new Y.Doc();
      Y.applyUpdate(held, Y.encodeStateAsUpdate(again.doc));
      destroyClients(again);
      await unloaded();
      const back = await connectClient(s.app, s.data.projectId, s.cookies.editor!);
      Y.applyUpdate(back.doc, Y.encodeStateAsUpdate(held));
      expect(new TableDoc(back.doc).goal.toString()).toBe('再改。第一版。');
      destroyClients(back);
    } finally {
      await s.close();
    }
  });

  it('readers of a table at rest get it without the room building its doc; the first edit builds it and reaches them', { timeout: 30_000 }, async () => {
    const s = await openSeededApp(database, { collabConfig: { compactSweepDelayMs: 0 } });
    const clients = [];
    try {
      // a new table is stored at rest: one snapshot, nothing logged
      expect(await logLength(s.app, s.data.projectId)).toBe(0);
      const stored = await storedTable(s.app, s.data.projectId);
      for (let i = 0; i < 3; i++) clients.push(await connectClient(s.app, s.data.projectId, s.cookies.reviewer!));
      clients.push(await connectClient(s.app, s.data.projectId, s.cookies.editor!));
      for (const c of clients) expect(new TableDoc(c.doc).toJSON()).toEqual(stored);
      await sleep(200);
      expect(s.app.collab.roomCount).toBe(1);
      expect(s.app.collab.builtRoomCount).toBe(0);

      new TableDoc(clients.at(-1)!.doc).goal.insert(0, '首次修改。');
      for (const c of clients) await waitFor(() => new TableDoc(c.doc).goal.toString().startsWith('首次修改。'), 'the edit to reach every reader');
      expect(s.app.collab.builtRoomCount).toBe(1);
      expect((await storedTable(s.app, s.data.projectId)).goal).toBe(new TableDoc(clients[0]!.doc).goal.toString());
    } finally {
      destroyClients(...clients);
      await s.close();
    }
  });

  it('the sweep leaves a table a room holds to its room', { timeout: 30_000 }, async () => {
    const s = await openSeededApp(database, { collabConfig: { compactSweepDelayMs: 0, compactSweepMinUpdates: 3 } });
    const writer = await connectClient(s.app, s.data.projectId, s.cookies.editor!);
    try {
      const table = new TableDoc(writer.doc);
      for (let i = 0; i < 5; i++) table.goal.insert(0, String(i));
      await until(async () => (await logLength(s.app, s.data.projectId)) >= 5, 'the edits to be logged');
      expect(await s.app.collab.sweepLongLogs()).toBe(0);
      expect(await logLength(s.app, s.data.projectId)).toBeGreaterThanOrEqual(5);
    } finally {
      destroyClients(writer);
      await s.close();
    }
  });
});
