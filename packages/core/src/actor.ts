/** The acting user with their memberships: what every service action takes first. */
import type { Kysely, Database, Role, UnitKind } from '@jixiao/db';
import type { SessionUser } from '@jixiao/auth';

export interface Membership {
  unitId: string;
  unitName: string;
  unitKind: UnitKind;
  role: Role;
}

export interface Actor {
  user: SessionUser;
  memberships: Membership[];
}

export async function loadActor(db: Kysely<Database>, user: SessionUser): Promise<Actor> {
  const rows = await db
    .selectFrom('membership')
    .innerJoin('unit', 'unit.id', 'membership.unit_id')
    .select(['membership.unit_id', 'membership.role', 'unit.name', 'unit.kind'])
    .where('membership.user_id', '=', user.id)
    .orderBy('unit.name')
    .execute();
  return {
    user,
    memberships: rows.map((r) => ({
      unitId: r.unit_id,
      unitName: r.name,
      unitKind: r.kind,
      role: r.role,
    })),
  };
}
