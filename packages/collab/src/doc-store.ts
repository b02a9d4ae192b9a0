/**
 * Durable storage of Yjs documents in SQL: a snapshot plus an append-only update log.
 * Appends are group-committed (many updates, one transaction); a caller's promise resolves
 * only once its update is committed, so the room relays nothing that could still be lost.
 *
 * Attribution: each logged update names its sender and when it arrived, and in the same
 * transaction `part_change` keeps, per part of a table, who changed it last.
 */
import { type DocUpdates, loadManyDocUpdates, syncProjectName } from '@jixiao/core';
import type { Database, Kysely } from '@jixiao/db';
import * as Y from 'yjs';
import { Batcher } from './batcher.ts';
import { type ChangeRow, CommitStatements } from './commit-statements.ts';
import { CommitStats } from './commit-stats.ts';

/** Who sent an update and which parts of the table it touched (touched-parts.ts). */
export interface Attribution {
  userId: string;
  parts: readonly string[];
}

interface Pending {
  projectId: string;
  data: Uint8Array;
  by: Attribution | null;
  receivedAt: string;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class DocStore {
  /** receipt → committed latency of the rooms' updates (recorded by the rooms, retries included) */
  readonly commitStats = new CommitStats();
  private readonly db: Kysely<Database>;
  private readonly commitDelayMs: number;
  private readonly commitGapMs: number;
  /** performance.now() of the last commit */
  private lastCommitAt = Number.NEGATIVE_INFINITY;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly statements = new CommitStatements();
  /** the room compactions queued or running, one after another (compact()) */
  private compactions: Promise<unknown> = Promise.resolve();
  /** log rows and attribution in one statement (CommitStatements) */
  private readonly oneStatement: boolean;
  /** rooms opening together (a storm of reconnects) are read in one pass */
  private readonly loads: Batcher<null, DocUpdates>;

  constructor(db: Kysely<Database>, commitDelayMs = 2, commitGapMs = 0) {
    this.db = db;
    this.oneStatement = CommitStatements.oneStatement(db);
    this.loads = new Batcher((ids) => loadManyDocUpdates(db, [...ids.keys()]));
    this.commitDelayMs = commitDelayMs;
    this.commitGapMs = commitGapMs;
  }

  /** Snapshot and later updates, oldest first; throws if the database cannot be read. */
  load(projectId: string): Promise<DocUpdates> {
    return this.loads.load(projectId, null);
  }

  /** The document's 项目名称 becomes the listed project name (when core accepts it). */
  rename(projectId: string, name: string): Promise<unknown> {
    return syncProjectName(this.db, projectId, name);
  }

  /** Resolves once the update is committed; `by` names its sender (null: made by the server). */
  append(projectId: string, data: Uint8Array, by: Attribution | null = null): Promise<void> {
    const receivedAt = new Date().toISOString();
    return new Promise((resolve, reject) => {
      this.queue.push({ projectId, data, by, receivedAt, resolve, reject });
      // the window opens with the first update; under load it ends no sooner than the gap allows
      this.timer ??= setTimeout(
        () => this.commit(),
        Math.max(this.commitDelayMs, this.lastCommitAt + this.commitGapMs - performance.now()),
      );
    });
  }

  /** Commit everything queued now; resolves when all earlier appends are settled. */
  flush(): Promise<void> {
    if (this.timer) this.commit();
    return this.flushing;
  }

  private commit(): void {
    this.lastCommitAt = performance.now();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    this.flushing = this.flushing.then(async () => {
      if (!batch.length) return;
      try {
        const updates = batch.map((p) => ({
          project_id: p.projectId,
          data: p.data,
          user_id: p.by?.userId ?? null,
          received_at: p.receivedAt,
        }));
        const changes = lastChanges(batch);
        const fits = updates.length <= ROWS_PER_INSERT && changes.length <= ROWS_PER_INSERT;
        if (fits && !changes.length) {
          await this.statements.insertUpdates(this.db, updates);
        } else if (fits && this.oneStatement) {
          await this.statements.insertUpdatesAndChanges(this.db, updates, changes);
        } else {
          await this.db.transaction().execute(async (tx) => {
            for (const rows of chunks(updates)) await this.statements.insertUpdates(tx, rows);
            for (const rows of chunks(changes)) await this.statements.upsertChanges(tx, rows);
          });
        }
        for (const p of batch) p.resolve();
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    });
  }

  /**
   * Fold the log into a snapshot of the room's `doc`, in one transaction (a kill -9 leaves the
   * old snapshot and log or the new snapshot and shorter log). Outside the commit chain, so
   * commits go on meanwhile: the last logged id is read first and the document encoded right
   * after, so every update up to that id is in the state (the room applies an update before
   * appending it; a project's updates are committed in order). Later updates stay logged.
   * Resolves with the number of logged updates folded in (0: nothing to do).
   *
   * Compactions run one at a time, each after the I/O that waits: rooms edited together fall
   * quiet together (and reloaded rooms compact together), and a hundred compactions at once held
   * the loop for 0.2–0.7 s on SQLite, whose queries never yield.
   */
  compact(projectId: string, doc: Y.Doc): Promise<number> {
    const run = this.compactions.then(nextTurn).then(() => this.compactNow(projectId, doc));
    this.compactions = run.catch(() => {});
    return run;
  }

  private async compactNow(projectId: string, doc: Y.Doc): Promise<number> {
    const last = await this.db
      .selectFrom('doc_update')
      .select((eb) => eb.fn.max('id').as('upto'))
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    const upto = Number(last?.upto ?? 0);
    if (!upto) return 0;
    return this.writeSnapshot(projectId, Y.encodeStateAsUpdate(doc), upto, (current) => current < upto);
  }

  /**
   * Compact a document no room holds, from what is stored: the log is applied in slices,
   * yielding between them, so a long log does not stall the process. Writes only if no other
   * compaction moved the snapshot meanwhile; an update Yjs cannot apply aborts (nothing is
   * dropped). False when nothing was written (stopped, raced, or nothing logged).
   */
  async compactStored(projectId: string, stopped: () => boolean = () => false): Promise<boolean> {
    const stored = await this.load(projectId);
    if (!stored.logLength) return false;
    const doc = new Y.Doc({ gc: true });
    try {
      for (let i = 0; i < stored.updates.length; i += APPLY_SLICE) {
        if (i) await nextTurn();
        if (stopped()) return false;
        Y.transact(doc, () => {
          for (const u of stored.updates.slice(i, i + APPLY_SLICE)) Y.applyUpdate(doc, u);
        });
      }
      const state = Y.encodeStateAsUpdate(doc);
      return (await this.writeSnapshot(projectId, state, stored.lastId, (current) => current === stored.upto)) > 0;
    } finally {
      doc.destroy();
    }
  }

  /** Projects whose log holds at least `minUpdates` updates, longest first. */
  async longLogs(minUpdates: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('doc_update')
      .select((eb) => ['project_id', eb.fn.countAll().as('n')])
      .groupBy('project_id')
      .having((eb) => eb.fn.countAll(), '>=', minUpdates)
      .execute();
    return rows.sort((a, b) => Number(b.n) - Number(a.n)).map((r) => r.project_id);
  }

  /**
   * Replace the snapshot with `state` (everything up to log id `upto`) and delete the log up
   * to there, in one transaction; only when `fits(current snapshot upto)`. Returns the number
   * of log rows deleted.
   */
  private writeSnapshot(projectId: string, state: Uint8Array, upto: number, fits: (current: number) => boolean): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      const current = await tx.selectFrom('doc_snapshot').select('upto').where('project_id', '=', projectId).executeTakeFirst();
      if (!fits(Number(current?.upto ?? 0))) return 0;
      const values = { data: state, upto, updated_at: new Date().toISOString() };
      await tx
        .insertInto('doc_snapshot')
        .values({ project_id: projectId, ...values })
        .onConflict((oc) => oc.column('project_id').doUpdateSet(values))
        .execute();
      const deleted = await tx.deleteFrom('doc_update').where('project_id', '=', projectId).where('id', '<=', upto).executeTakeFirst();
      return Number(deleted.numDeletedRows);
    });
  }
}

/** After the I/O callbacks waiting now: socket reads and relays go between two compactions. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Stored updates applied per slice when compacting from the database (a few ms each). */
const APPLY_SLICE = 100;

/**
 * Rows per INSERT: far below SQLite's and PostgreSQL's bound parameters per statement, also for
 * the long batch a recovered outage leaves (every waiting update retries at once).
 */
const ROWS_PER_INSERT = 1000;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) out.push(rows.slice(i, i + ROWS_PER_INSERT));
  return out;
}

/** One part_change row per (project, part) of a batch: its last writer wins. */
function lastChanges(batch: Pending[]): ChangeRow[] {
  const last = new Map<string, ChangeRow>();
  for (const p of batch) {
    if (!p.by) continue;
    for (const part of p.by.parts) {
      const key = `${p.projectId}\u0000${part}`;
      last.set(key, { project_id: p.projectId, part, user_id: p.by.userId, changed_at: p.receivedAt });
    }
  }
  return [...last.values()];
}
