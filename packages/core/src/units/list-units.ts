import type { Database, Kysely, UnitKind, UnitLevel } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { administeredUnits, visibleUnits } from '../policy.ts';
import { loadUnitGraph } from './unit-graph.ts';

export interface UnitView {
  id: string;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  parentId: string | null;
  oversees: string[];
  canAdmin: boolean;
}

/** Units the actor may see, parents before children. */
export async function listUnits(db: Kysely<Database>, actor: Actor): Promise<UnitView[]> {
  const graph = await loadUnitGraph(db);
  const visible = visibleUnits(actor, graph);
  const admin = administeredUnits(actor, graph);
  const rows = await db.selectFrom('unit').selectAll().orderBy('created_at').execute();
  const depth = (id: string | null): number => {
    let d = 0;
    for (let p = id; p; p = graph.parent.get(p) ?? null) d++;
    return d;
  };
  return rows
    .filter((u) => visible.has(u.id) || admin.has(u.id))
    .sort((a, b) => depth(a.id) - depth(b.id))
    .map((u) => ({
      id: u.id,
      name: u.name,
      kind: u.kind,
      level: u.level,
      parentId: u.parent_id,
      oversees: [...(graph.oversees.get(u.id) ?? [])],
      canAdmin: admin.has(u.id),
    }));
}
