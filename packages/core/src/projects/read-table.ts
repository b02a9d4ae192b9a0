/**
 * Reading a project's table document: from the live room when this process holds one (the
 * collab server registers its rooms with serveLiveTables), otherwise from SQL, for exports, print
 * views, sign-offs, threads and anything else that needs the current content. The one place the
 * stored form is read (the collab server's DocStore loads rooms with loadManyDocUpdates too).
 */
import type { Database, Kysely } from '@jixiao/db';
import { type TableJSON, TableDoc } from '@jixiao/table';
import * as Y from 'yjs';
import type { Actor } from '../actor.ts';
import { type ProjectView, getProject } from './project-view.ts';

export interface DocUpdates {
  /** The snapshot (when there is one) and then the logged updates, oldest first. */
  updates: Uint8Array[];
  /** How many logged updates follow the snapshot. */
  logLength: number;
  /** The snapshot's last folded-in log id (0: no snapshot) and the last log id read (≥ upto). */
  upto: number;
  lastId: number;
}

const MAX_ATTEMPTS = 5;

/** Tables this process holds live, as plain data (null: not held here, read SQL). */
export interface LiveTables {
  table(projectId: string): TableJSON | null;
}

/** By database handle, so that servers sharing one process (tests) each read their own rooms. */
const liveTables = new WeakMap<Kysely<Database>, LiveTables>();

/**
 * Read the tables `source` holds from it instead of SQL, on this database handle (not on its
 * transactions, which read SQL). A document being typed in changes every few milliseconds, and
 * every viewer's sign-off and comment views ask for it after each burst: the room has it applied
 * already, where SQL would mean loading and applying the whole log for each request.
 */
export function serveLiveTables(db: Kysely<Database>, source: LiveTables): void {
  liveTables.set(db, source);
}

/**
 * A document's snapshot and the updates logged after it; throws if the database cannot be read.
 * (loadManyDocUpdates of one: the same read, and the same retry when a compaction lands.)
 */
export async function loadDocUpdates(db: Kysely<Database>, projectId: string): Promise<DocUpdates> {
  return (await loadManyDocUpdates(db, [projectId])).get(projectId)!;
}

/**
 * The stored documents of several projects, their snapshots and logs in one query each (one
 * pass for a batch of rooms opening at once, or a list's counts); a project with nothing stored
 * gets no updates. Compaction may replace a snapshot and delete the updates it absorbed while
 * they are read: each snapshot's `upto` is read again after the log, and the documents whose
 * `upto` moved are read again, so the result never misses an update.
 */
export async function loadManyDocUpdates(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, DocUpdates>> {
  const out = new Map<string, DocUpdates>();
  let todo = ids;
  for (let attempt = 1; todo.length; attempt++) {
    const read = await readStoredOnce(db, todo);
    todo = todo.filter((id) => !read.has(id));
    for (const [id, stored] of read) out.set(id, stored);
    if (todo.length && attempt >= MAX_ATTEMPTS) throw new Error(`document ${todo[0]}: compacted during every read`);
  }
  // in the order asked for
  return new Map(ids.map((id) => [id, out.get(id)!]));
}

/** One read of each document; a document whose snapshot moved meanwhile is left out (read it again). */
async function readStoredOnce(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, DocUpdates>> {
  const [snaps, rows] = await Promise.all([
    db.selectFrom('doc_snapshot').select(['project_id', 'data', 'upto']).where('project_id', 'in', ids).execute(),
    db.selectFrom('doc_update').select(['project_id', 'id', 'data']).where('project_id', 'in', ids).orderBy('id').execute(),
  ]);
  const again = await db.selectFrom('doc_snapshot').select(['project_id', 'upto']).where('project_id', 'in', ids).execute();
  const uptoNow = new Map(again.map((s) => [s.project_id, Number(s.upto)]));
  const snapOf = new Map(snaps.map((s) => [s.project_id, s]));
  const logOf = new Map<string, { id: number; data: Uint8Array }[]>();
  for (const row of rows) {
    const log = logOf.get(row.project_id);
    if (log) log.push(row);
    else logOf.set(row.project_id, [row]);
  }
  const out = new Map<string, DocUpdates>();
  for (const id of ids) {
    const snap = snapOf.get(id);
    const upto = Number(snap?.upto ?? 0);
    if ((uptoNow.get(id) ?? 0) !== upto) continue;
    // the log may have been read before a compaction the snapshot read saw: what it absorbed is skipped
    const log = (logOf.get(id) ?? []).filter((u) => Number(u.id) > upto);
    const updates = log.map((u) => new Uint8Array(u.data));
    const lastId = log.length ? Number(log.at(-1)!.id) : upto;
    out.set(id, { updates: snap ? [new Uint8Array(snap.data), ...updates] : updates, logLength: log.length, upto, lastId });
  }
  return out;
}

/** The stored document of a project as a Y.Doc. */
export async function loadDoc(db: Kysely<Database>, projectId: string): Promise<Y.Doc> {
  const { updates } = await loadDocUpdates(db, projectId);
  return applyStored(updates).doc;
}

/**
 * The stored updates applied one by one: one that Yjs cannot read is skipped and counted (a
 * view of the rest is better than an error page for everyone), the others still apply.
 */
function applyStored(updates: Uint8Array[]): { doc: Y.Doc; unreadable: number } {
  const doc = new Y.Doc();
  let unreadable = 0;
  doc.transact(() => {
    for (const u of updates) {
      try {
        Y.applyUpdate(doc, u);
      } catch {
        unreadable++;
      }
    }
  });
  return { doc, unreadable };
}

/**
 * A project's table as plain data, for anyone who may see the project (404 unknown, 403 not
 * theirs). Parts of the document that do not fit the schema are skipped and listed in
 * `table.problems`, never thrown on: exports and print keep working. The result may be shared
 * with other callers (a live room's copy): read it, never change it.
 */
export async function readTable(
  db: Kysely<Database>,
  actor: Actor,
  projectId: string,
): Promise<{ project: ProjectView; table: TableJSON }> {
  const project = await getProject(db, actor, projectId);
  const live = liveTables.get(db)?.table(projectId);
  if (live) return { project, table: live };
  const { doc, unreadable } = applyStored((await loadDocUpdates(db, projectId)).updates);
  try {
    const table = new TableDoc(doc).toJSON();
    if (unreadable) {
      const skipped = { path: 'updates', message: `${unreadable}条存储的更新无法读取，已跳过` };
      table.problems = [...(table.problems ?? []), skipped];
    }
    return { project, table };
  } finally {
    doc.destroy();
  }
}
