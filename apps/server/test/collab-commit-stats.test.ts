/** The durability figure: receipt → committed latency of real group commits (CollabServer.takeCommitStats). */
import { testDatabases } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import { afterEach, describe, expect, it } from 'vitest';
import { type SeededApp, connectClient, destroyClients, openSeededApp, sleep, waitFor } from './helpers.ts';

/** a group commit waits this long for more updates: every update's latency is at least about this */
const COMMIT_DELAY_MS = 25;

describe.each(testDatabases())('commit latency on $name', (database) => {
  let s: SeededApp | null = null;
  afterEach(async () => {
    await s?.close();
    s = null;
  });

  it('counts every committed update once and times it from receipt to commit', { timeout: 30_000 }, async () => {
    s = await openSeededApp(database, { collabConfig: { commitDelayMs: COMMIT_DELAY_MS } });
    const { app, data, cookies } = s;
    const { db } = app.services;
    const logged = async () =>
      Number((await db.selectFrom('doc_update').select((eb) => eb.fn.countAll().as('n')).where('project_id', '=', data.projectId).executeTakeFirstOrThrow()).n);
    const writer = await connectClient(app, data.projectId, cookies.editor!);
    const reader = await connectClient(app, data.projectId, cookies.reviewer!);
    try {
      app.collab.takeCommitStats();
      const before = await logged();
      const table = new TableDoc(writer.doc);
      const edits = 12;
      for (let i = 0; i < edits; i++) {
        table.goal.insert(table.goal.length, String(i % 10));
        // one update per group commit
        await sleep(COMMIT_DELAY_MS * 2);
      }
      await waitFor(() => new TableDoc(reader.doc).goal.length === table.goal.length, 'the reader to see every edit');
      const stats = app.collab.takeCommitStats();
      expect(stats.count).toBe((await logged()) - before);
      expect(stats.count).toBeGreaterThanOrEqual(edits);
      expect(stats.p50).toBeGreaterThanOrEqual(COMMIT_DELAY_MS - 2);
      expect(stats.p50).toBeLessThanOrEqual(stats.p99);
      expect(stats.p99).toBeLessThanOrEqual(stats.max);
      expect(stats.max).toBeLessThan(5_000);
      // taken: the next interval starts empty
      expect(app.collab.takeCommitStats()).toEqual({ count: 0, p50: 0, p99: 0, max: 0 });
    } finally {
      destroyClients(writer, reader);
    }
  });
});
