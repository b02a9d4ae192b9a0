/**
 * Durable storage of Yjs documents in SQL: a snapshot plus an append-only update log.
 * Appends are group-committed (many updates, one transaction); a caller's promise resolves
 * only once its update is committed, so the room relays nothing that could still be lost.
 */
import { loadDocUpdates, syncProjectName } from '@jixiao/core';
import type { Database, Kysely } from '@jixiao/db';
import * as Y from 'yjs';

interface Pending {
  projectId: string;
  data: Uint8Array;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class DocStore {
  private readonly db: Kysely<Database>;
  private readonly commitDelayMs: number;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(db: Kysely<Database>, commitDelayMs = 2) {
    this.db = db;
    this.commitDelayMs = commitDelayMs;
  }

  /** Snapshot and later updates, oldest first; throws if the database cannot be read. */
  load(projectId: string): Promise<{ updates: Uint8Array[]; logLength: number }> {
    return loadDocUpdates(this.db, projectId);
  }

  /** The document's 项目名称 becomes the listed project name (when core accepts it). */
  rename(projectId: string, name: string): Promise<unknown> {
    return syncProjectName(this.db, projectId, name);
  }

  /** Resolves once the update is committed. */
  append(projectId: string, data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ projectId, data, resolve, reject });
      this.timer ??= setTimeout(() => this.commit(), this.commitDelayMs);
    });
  }

  /** Commit everything queued now; resolves when all earlier appends are settled. */
  flush(): Promise<void> {
    if (this.timer) this.commit();
    return this.flushing;
  }

  private commit(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    this.flushing = this.flushing.then(async () => {
      if (!batch.length) return;
      try {
        await this.db
          .insertInto('doc_update')
          .values(batch.map((p) => ({ project_id: p.projectId, data: p.data })))
          .execute();
        for (const p of batch) p.resolve();
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    });
  }

  /**
   * Merge the log into one snapshot in a single transaction. Runs in the commit chain, so no
   * commit interleaves: every logged update is in `doc` (the room applies before it appends),
   * and anything applied later gets a higher id and stays in the log.
   */
  compact(projectId: string, doc: Y.Doc): Promise<void> {
    const run = this.flushing.then(async () => {
      const state = Y.encodeStateAsUpdate(doc);
      await this.db.transaction().execute(async (tx) => {
        const last = await tx
          .selectFrom('doc_update')
          .select((eb) => eb.fn.max('id').as('upto'))
          .where('project_id', '=', projectId)
          .executeTakeFirst();
        const upto = Number(last?.upto ?? 0);
        if (!upto) return;
        const values = { data: state, upto, updated_at: new Date().toISOString() };
        await tx
          .insertInto('doc_snapshot')
          .values({ project_id: projectId, ...values })
          .onConflict((oc) => oc.column('project_id').doUpdateSet(values))
          .execute();
        await tx
          .deleteFrom('doc_update')
          .where('project_id', '=', projectId)
          .where('id', '<=', upto)
          .execute();
      });
    });
    this.flushing = run.catch(() => {});
    return run;
  }
}
