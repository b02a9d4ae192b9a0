import type { Database, Kysely } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { AppError } from '../errors.ts';
import { type Access, type UnitGraph, projectAccess } from '../policy.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';
import { currentEditors, workflowStateOf } from '../workflow/state.ts';

export interface ProjectView {
  id: string;
  name: string;
  year: number;
  kind: 'target' | 'self_eval';
  unitId: string;
  unitName: string;
  createdAt: string;
  access: Exclude<Access, 'none'>;
  /** when it was deleted (archived); null for a live table */
  archivedAt: string | null;
}

export function projectQuery(db: Kysely<Database>) {
  return db
    .selectFrom('project')
    .innerJoin('unit', 'unit.id', 'project.unit_id')
    .select([
      'project.id',
      'project.name',
      'project.year',
      'project.kind',
      'project.unit_id',
      'project.created_at',
      'project.archived_at',
      'unit.name as unit_name',
    ]);
}

type ProjectRow = Awaited<ReturnType<ReturnType<typeof projectQuery>['execute']>>[number];

export function toView(row: ProjectRow, access: Exclude<Access, 'none'>): ProjectView {
  return {
    id: row.id,
    name: row.name,
    year: Number(row.year),
    kind: row.kind,
    unitId: row.unit_id,
    unitName: row.unit_name,
    createdAt: row.created_at,
    access,
    archivedAt: row.archived_at,
  };
}

/** One live project the actor may see, with their access; 404 unknown, 403 not theirs, 410 archived. */
export async function getProject(
  db: Kysely<Database>,
  actor: Actor,
  projectId: string,
  graph?: UnitGraph,
): Promise<ProjectView> {
  const row = await projectQuery(db).where('project.id', '=', projectId).executeTakeFirst();
  if (!row) throw new AppError('PROJECT_NOT_FOUND');
  graph ??= await loadUnitGraph(db);
  if (projectAccess(actor, graph, row.unit_id) === 'none') throw new AppError('FORBIDDEN', '您无权查看此项目');
  // who edits is decided by the table's workflow stage
  const state = await workflowStateOf(db, graph, { id: row.id, unitId: row.unit_id, year: Number(row.year), kind: row.kind });
  const access = projectAccess(actor, graph, row.unit_id, currentEditors(state));
  if (access === 'none') throw new AppError('FORBIDDEN', '您无权查看此项目');
  if (row.archived_at) throw new AppError('PROJECT_ARCHIVED');
  return toView(row, access);
}
