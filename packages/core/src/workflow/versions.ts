/**
 * The table as it was at each workflow transition: stored in the transition's transaction, so a
 * version exists exactly when its transition happened. What was approved is read from here
 * (publication), never from the live document.
 */
import type { Database, Kysely, Transaction } from '@jixiao/db';
import { TableDoc, type TableJSON } from '@jixiao/table';
import * as Y from 'yjs';
import type { Actor } from '../actor.ts';
import { AppError, newId, nowIso } from '../errors.ts';
import { getProject } from '../projects/project-view.ts';
import { loadDoc } from '../projects/read-table.ts';
import { type TableDiff, diffTables } from './diff.ts';

export interface VersionView {
  id: string;
  seq: number;
  createdAt: string;
  stage: { id: string; name: string } | null;
  action: string;
  by: { id: string; name: string } | null;
  reason: string | null;
}

/** Store the document as it is now; runs inside the transition's transaction. */
export async function storeVersion(
  tx: Transaction<Database>,
  projectId: string,
  entry: { action: string; stage: { id: string; name: string } | null; by: string; reason: string | null },
): Promise<string> {
  const doc = await loadDoc(tx, projectId);
  try {
    const content = new TableDoc(doc).toJSON();
    const last = await tx.selectFrom('table_version').select((e) => e.fn.max('seq').as('seq')).where('project_id', '=', projectId).executeTakeFirst();
    const id = newId('tv_');
    await tx
      .insertInto('table_version')
      .values({
        id,
        project_id: projectId,
        seq: Number(last?.seq ?? 0) + 1,
        action: entry.action,
        stage_id: entry.stage?.id ?? null,
        stage_name: entry.stage?.name ?? null,
        by_user: entry.by,
        reason: entry.reason,
        content: JSON.stringify(content),
        state: Y.encodeStateAsUpdate(doc),
        created_at: nowIso(),
      })
      .execute();
    return id;
  } finally {
    doc.destroy();
  }
}

export async function listVersions(db: Kysely<Database>, actor: Actor, projectId: string): Promise<VersionView[]> {
  await getProject(db, actor, projectId);
  const rows = await db
    .selectFrom('table_version as v')
    .leftJoin('user as u', 'u.id', 'v.by_user')
    .select(['v.id', 'v.seq', 'v.created_at', 'v.stage_id', 'v.stage_name', 'v.action', 'v.by_user', 'u.name as by_name', 'v.reason'])
    .where('v.project_id', '=', projectId)
    .orderBy('v.seq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    seq: Number(r.seq),
    createdAt: r.created_at,
    stage: r.stage_id ? { id: r.stage_id, name: r.stage_name ?? r.stage_id } : null,
    action: r.action,
    by: r.by_user ? { id: r.by_user, name: r.by_name ?? '' } : null,
    reason: r.reason,
  }));
}

/** A stored version's table. */
export async function versionContent(db: Kysely<Database>, projectId: string, versionId: string): Promise<TableJSON> {
  const row = await db.selectFrom('table_version').select('content').where('id', '=', versionId).where('project_id', '=', projectId).executeTakeFirst();
  if (!row) throw new AppError('VERSION_NOT_FOUND');
  return JSON.parse(row.content) as TableJSON;
}

/**
 * What changed from one version to another. `to` may be `current` (the live table). `from` may
 * be `last-submit` (the latest submission: what an editor changed since handing it in) or
 * `previous-submit` (the submission before that: what a reviewer wants after a return and a
 * resubmission, "what changed since I sent it back").
 */
export async function diffVersions(db: Kysely<Database>, actor: Actor, projectId: string, from: string, to: string): Promise<TableDiff> {
  await getProject(db, actor, projectId);
  const after = to === 'current' ? await currentTable(db, projectId) : await versionContent(db, projectId, to);
  return diffTables(await versionContent(db, projectId, await resolveFrom(db, projectId, from)), after);
}

/** Names of the latest submissions (a Map: no inherited keys such as `toString`). */
const SUBMISSIONS_BACK = new Map([
  ['last-submit', 0],
  ['previous-submit', 1],
]);

async function resolveFrom(db: Kysely<Database>, projectId: string, from: string): Promise<string> {
  const skip = SUBMISSIONS_BACK.get(from);
  if (skip === undefined) return from;
  const rows = await db
    .selectFrom('table_version')
    .select('id')
    .where('project_id', '=', projectId)
    .where('action', '=', 'submit')
    .orderBy('seq', 'desc')
    .limit(2)
    .execute();
  const row = rows[skip];
  if (!row) throw new AppError('VERSION_NOT_FOUND', skip ? '此表只提交过一次，没有更早的提交可比较' : '此表还没有提交过，没有可比较的版本');
  return row.id;
}

async function currentTable(db: Kysely<Database>, projectId: string): Promise<TableJSON> {
  const doc = await loadDoc(db, projectId);
  try {
    return new TableDoc(doc).toJSON();
  } finally {
    doc.destroy();
  }
}
