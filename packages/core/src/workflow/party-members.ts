/** The people who stand as a workflow party for a table of a unit (its actors, its editors). */
import type { Database, Kysely } from '@jixiao/db';
import { type UnitGraph, unitsAt } from '../policy.ts';
import type { StageParty } from './definition.ts';

/** User ids holding the party's role at one of its units for `unitId` (at most `limit`). */
export async function partyMembers(db: Kysely<Database>, graph: UnitGraph, unitId: string, party: StageParty, limit?: number): Promise<string[]> {
  const units = [...unitsAt(graph, unitId, party.at)];
  if (!units.length) return [];
  let q = db.selectFrom('membership').select('user_id').where('unit_id', 'in', units).where('role', '=', party.role);
  if (limit) q = q.limit(limit);
  return (await q.execute()).map((r) => r.user_id);
}
