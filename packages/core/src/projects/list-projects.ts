import type { Database, Kysely } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { projectAccess, visibleUnits } from '../policy.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';
import { type ProjectView, projectQuery, toView } from './project-view.ts';

/** Projects of the units the actor may see, newest year first. */
export async function listProjects(db: Kysely<Database>, actor: Actor): Promise<ProjectView[]> {
  const graph = await loadUnitGraph(db);
  const units = [...visibleUnits(actor, graph)];
  if (!units.length) return [];
  const rows = await projectQuery(db)
    .where('project.unit_id', 'in', units)
    .orderBy('project.year', 'desc')
    .orderBy('unit.name')
    .orderBy('project.name')
    .execute();
  return rows.map((r) => {
    const access = projectAccess(actor, graph, r.unit_id);
    return toView(r, access === 'edit' ? 'edit' : 'read');
  });
}
