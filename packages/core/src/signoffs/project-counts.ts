/**
 * Sign-off counts for a page of the project list. Counting signed / stale / missing needs each
 * table's current indicators (how many there are, and whether the signed content still matches),
 * which live in the documents, not in SQL: so this reads the documents of the page's projects
 * only (≤ 200, 50 by default), in three queries for the whole page, never those of the other
 * thousands. Access is the caller's: searchProjects has already decided what the actor sees.
 */
import type { Database, Kysely } from '@jixiao/db';
import { type TableJSON, TableDoc } from '@jixiao/table';
import * as Y from 'yjs';
import { loadDocUpdates } from '../projects/read-table.ts';
import { type SignoffCounts, summarize } from './signoffs.ts';

export async function signoffCountsOf(db: Kysely<Database>, projectIds: readonly string[]): Promise<Map<string, SignoffCounts>> {
  const out = new Map<string, SignoffCounts>();
  if (!projectIds.length) return out;
  const ids = [...new Set(projectIds)];
  const [tables, rows] = await Promise.all([
    loadTables(db, ids),
    db
      .selectFrom('signoff')
      .select(['project_id', 'target', 'content_hash'])
      .where('project_id', 'in', ids)
      .where('revoked_at', 'is', null)
      .where('target_kind', '=', 'indicator')
      .execute(),
  ]);
  const byProject = new Map<string, { target: string; content_hash: string }[]>();
  for (const r of rows) byProject.set(r.project_id, [...(byProject.get(r.project_id) ?? []), r]);
  for (const id of ids) {
    const table = tables.get(id);
    out.set(id, table ? summarize(table, byProject.get(id) ?? []).table : { signed: 0, stale: 0, missing: 0 });
  }
  return out;
}

/**
 * The tables of several projects: their snapshots and logged updates in one query each. A
 * compaction between the two reads moves a snapshot's `upto`: those few are read again one by
 * one (loadDocUpdates retries until consistent). An update Yjs cannot read is skipped.
 */
async function loadTables(db: Kysely<Database>, ids: string[]): Promise<Map<string, TableJSON>> {
  const snapshots = () => db.selectFrom('doc_snapshot').select(['project_id', 'upto']).where('project_id', 'in', ids).execute();
  const [snaps, updates] = await Promise.all([
    db.selectFrom('doc_snapshot').select(['project_id', 'data', 'upto']).where('project_id', 'in', ids).execute(),
    db.selectFrom('doc_update').select(['project_id', 'id', 'data']).where('project_id', 'in', ids).orderBy('id').execute(),
  ]);
  const again = new Map((await snapshots()).map((s) => [s.project_id, Number(s.upto)]));
  const snapOf = new Map(snaps.map((s) => [s.project_id, s]));
  const logOf = new Map<string, { id: number; data: Uint8Array }[]>();
  for (const u of updates) logOf.set(u.project_id, [...(logOf.get(u.project_id) ?? []), u]);
  const out = new Map<string, TableJSON>();
  for (const id of ids) {
    const snap = snapOf.get(id);
    const upto = Number(snap?.upto ?? 0);
    let stored: Uint8Array[];
    if ((again.get(id) ?? 0) !== upto) {
      stored = (await loadDocUpdates(db, id)).updates;
    } else {
      const log = (logOf.get(id) ?? []).filter((u) => Number(u.id) > upto).map((u) => new Uint8Array(u.data));
      stored = snap ? [new Uint8Array(snap.data), ...log] : log;
    }
    if (stored.length) out.set(id, tableOf(stored));
  }
  return out;
}

function tableOf(updates: Uint8Array[]): TableJSON {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const u of updates) {
        try {
          Y.applyUpdate(doc, u);
        } catch {
          // unreadable: skipped, as readTable does
        }
      }
    });
    return new TableDoc(doc).toJSON();
  } finally {
    doc.destroy();
  }
}
