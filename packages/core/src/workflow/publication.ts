/**
 * 预算公开: a published table is public — no session — exactly as it was approved (the version
 * stored at its approval, never the live document), with the time of its publication.
 */
import type { Database, Kysely } from '@jixiao/db';
import type { TableJSON } from '@jixiao/table';
import type { Actor } from '../actor.ts';
import { AppError } from '../errors.ts';
import { isStorableId, isTableYear } from '../inputs.ts';
import type { ProjectView } from '../projects/project-view.ts';
import { readTable } from '../projects/read-table.ts';

export interface PublishedTableRef {
  id: string;
  name: string;
  unit: string;
  year: number;
  publishedAt: string;
  url: string;
}

export interface PublishedTable extends PublishedTableRef {
  table: TableJSON;
}

/** The public page of a published table. */
export const publicUrl = (projectId: string) => `/public/${encodeURIComponent(projectId)}`;

function publishedQuery(db: Kysely<Database>) {
  return db
    .selectFrom('project_workflow as pw')
    .innerJoin('project as p', 'p.id', 'pw.project_id')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .innerJoin('table_version as v', (j) => j.onRef('v.project_id', '=', 'p.id').on('v.action', '=', 'publish'))
    .select(['p.id', 'p.name', 'u.name as unit_name', 'p.year', 'v.created_at', 'v.seq'])
    .where('pw.status', '=', 'published')
    .where('p.archived_at', 'is', null);
}

/** Every published table, by unit and year (newest year first). */
export async function listPublishedTables(db: Kysely<Database>, filter: { year?: number; unit?: string } = {}): Promise<PublishedTableRef[]> {
  let q = publishedQuery(db);
  // a year no table can have matches none (PostgreSQL would refuse one beyond its integer: a 500)
  if (filter.year !== undefined && !isTableYear(filter.year)) return [];
  if (filter.year) q = q.where('p.year', '=', filter.year);
  const rows = await q.orderBy('p.year', 'desc').orderBy('u.name').orderBy('p.name').orderBy('v.seq', 'desc').execute();
  const seen = new Set<string>();
  const out: PublishedTableRef[] = [];
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    if (filter.unit && !r.unit_name.includes(filter.unit)) continue;
    out.push({ id: r.id, name: r.name, unit: r.unit_name, year: Number(r.year), publishedAt: r.created_at, url: publicUrl(r.id) });
  }
  return out;
}

/** One published table as it was published; 404 for anything not published. */
export async function publishedTable(db: Kysely<Database>, projectId: string): Promise<PublishedTable> {
  if (!isStorableId(projectId)) throw new AppError('NOT_FOUND', '未找到已公开的绩效目标表');
  const row = await publishedQuery(db).where('p.id', '=', projectId).orderBy('v.seq', 'desc').executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '未找到已公开的绩效目标表');
  // the content is the approved version's: publication makes public what was approved
  const approved = await db
    .selectFrom('table_version')
    .select('content')
    .where('project_id', '=', projectId)
    .where('action', '=', 'approve')
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    name: row.name,
    unit: row.unit_name,
    year: Number(row.year),
    publishedAt: row.created_at,
    url: publicUrl(row.id),
    table: JSON.parse(approved.content) as TableJSON,
  };
}

/**
 * The table exports and prints show: once approved, exactly the approved version (stored at the
 * approval, never the live document); before that, the current table.
 */
export async function officialTable(
  db: Kysely<Database>,
  actor: Actor,
  projectId: string,
): Promise<{ project: ProjectView; table: TableJSON; approvedAt: string | null }> {
  const current = await readTable(db, actor, projectId);
  const approved = await db
    .selectFrom('project_workflow as pw')
    .innerJoin('table_version as v', 'v.project_id', 'pw.project_id')
    .select(['v.content', 'v.created_at'])
    .where('pw.project_id', '=', projectId)
    .where('pw.status', 'in', ['approved', 'published'])
    .where('v.action', '=', 'approve')
    .orderBy('v.seq', 'desc')
    .executeTakeFirst();
  if (!approved) return { ...current, approvedAt: null };
  return { project: current.project, table: JSON.parse(approved.content) as TableJSON, approvedAt: approved.created_at };
}
