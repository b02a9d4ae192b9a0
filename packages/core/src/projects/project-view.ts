import type { Database, Kysely } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { AppError } from '../errors.ts';
import { isStorableId } from '../inputs.ts';
import { type Access, type UnitGraph, projectAccess } from '../policy.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';
import { currentEditors, workflowStates } from '../workflow/state.ts';

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
  const view = (await getProjects(db, actor, [projectId], graph)).get(projectId)!;
  if (view instanceof AppError) throw view;
  return view;
}

/**
 * getProject for several projects in three queries (the projects, their workflow states, the
 * workflow assignments): each id maps to its view or to the AppError getProject would throw.
 */
export async function getProjects(
  db: Kysely<Database>,
  actor: Actor,
  projectIds: readonly string[],
  graph?: UnitGraph,
): Promise<Map<string, ProjectView | AppError>> {
  const out = new Map<string, ProjectView | AppError>();
  if (!projectIds.length) return out;
  // an id with a NUL names no project, and PostgreSQL refuses it in text (a 500, not a 404)
  const asked = projectIds.filter(isStorableId);
  const rows = asked.length ? await projectQuery(db).where('project.id', 'in', asked).execute() : [];
  const units = graph ?? (await loadUnitGraph(db));
  const visible = rows.filter((row) => projectAccess(actor, units, row.unit_id) !== 'none');
  // who edits is decided by the table's workflow stage
  const states = await workflowStates(
    db,
    units,
    visible.map((row) => ({ id: row.id, unitId: row.unit_id, year: Number(row.year), kind: row.kind })),
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const id of projectIds) {
    const row = byId.get(id);
    const state = states.get(id);
    const access = row && state ? projectAccess(actor, units, row.unit_id, currentEditors(state)) : 'none';
    if (!row) out.set(id, new AppError('PROJECT_NOT_FOUND'));
    else if (access === 'none') out.set(id, new AppError('FORBIDDEN', '您无权查看此项目'));
    else if (row.archived_at) out.set(id, new AppError('PROJECT_ARCHIVED'));
    else out.set(id, toView(row, access));
  }
  return out;
}
