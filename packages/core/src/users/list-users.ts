import type { Database, Kysely, Role } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { administeredUnits } from '../policy.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';

export interface UserView {
  id: string;
  email: string;
  name: string;
  roles: Array<{ unitId: string; unitName: string; role: Role }>;
}

/** Users with a role in any unit the admin administers, with those roles. */
export async function listUsers(db: Kysely<Database>, actor: Actor): Promise<UserView[]> {
  const admin = [...administeredUnits(actor, await loadUnitGraph(db))];
  if (!admin.length) return [];
  const rows = await db
    .selectFrom('membership')
    .innerJoin('unit', 'unit.id', 'membership.unit_id')
    .innerJoin('user', 'user.id', 'membership.user_id')
    .select(['membership.user_id', 'membership.unit_id', 'membership.role', 'unit.name as unit_name'])
    .select(['user.email', 'user.name'])
    .where('membership.unit_id', 'in', admin)
    .execute();
  const users = new Map<string, UserView>();
  for (const r of rows) {
    const u = users.get(r.user_id) ?? { id: r.user_id, email: r.email, name: r.name, roles: [] };
    u.roles.push({ unitId: r.unit_id, unitName: r.unit_name, role: r.role });
    users.set(r.user_id, u);
  }
  return [...users.values()].sort((a, b) => a.email.localeCompare(b.email));
}
