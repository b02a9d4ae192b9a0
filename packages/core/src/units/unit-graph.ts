import type { Database, Kysely } from '@jixiao/db';
import type { UnitGraph } from '../policy.ts';

/** The whole unit hierarchy; small (hundreds of rows), loaded per request. */
export async function loadUnitGraph(db: Kysely<Database>): Promise<UnitGraph> {
  const [units, oversight] = await Promise.all([
    db.selectFrom('unit').select(['id', 'parent_id', 'kind']).execute(),
    db.selectFrom('unit_oversight').selectAll().execute(),
  ]);
  const oversees = new Map<string, string[]>();
  for (const o of oversight) {
    oversees.set(o.finance_unit_id, [...(oversees.get(o.finance_unit_id) ?? []), o.unit_id]);
  }
  return { parent: new Map(units.map((u) => [u.id, u.parent_id])), oversees, kinds: new Map(units.map((u) => [u.id, u.kind])) };
}
