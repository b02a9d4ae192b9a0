/** Under load, group commits are spaced by the commit gap (DocStore), so each holds more updates. */
import { type DbHandle, connect } from '@jixiao/db';
import { migrateWithoutAuth, testDatabases } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocStore } from './doc-store.ts';

const GAP_MS = 200;

describe.each(testDatabases())('commit gap on $name', (database) => {
  let handle: DbHandle;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    handle = connect(created.url);
    await migrateWithoutAuth(handle.db);
    await handle.db.insertInto('unit').values({ id: 'u', name: '单位', kind: 'department', level: 'region', parent_id: null, created_at: '' }).execute();
    await handle.db.insertInto('project').values({ id: 'p_gap', unit_id: 'u', name: 'p', year: 2026, kind: 'target', created_by: null, created_at: '' }).execute();
  });

  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  it('commits the first update after the delay, the next ones no sooner than the gap after the last commit', async () => {
    const store = new DocStore(handle.db, 1, GAP_MS);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 4; i++) doc.getText('t').insert(0, String(i));

    const t0 = performance.now();
    await store.append('p_gap', updates[0]!);
    const first = performance.now() - t0;
    // a quiet store commits after the delay, not the gap
    expect(first).toBeLessThan(GAP_MS / 2);

    const t1 = performance.now();
    // arriving right after a commit: they wait for the gap and are committed together
    const rest = updates.slice(1).map((u) => store.append('p_gap', u).then(() => performance.now()));
    const done = await Promise.all(rest);
    expect(Math.min(...done) - t1).toBeGreaterThanOrEqual(GAP_MS - first - 5);
    expect(Math.max(...done) - Math.min(...done)).toBeLessThan(5);
    expect((await store.load('p_gap')).logLength).toBe(4);
  });
});
