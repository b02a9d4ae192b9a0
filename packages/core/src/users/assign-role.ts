import type { Database, Kysely, Role } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { AppError } from '../errors.ts';
import { administeredUnits } from '../policy.ts';
import { isRole } from '../roles.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { accessEvents } from '../events/access-events.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';

/** Give a user a role in a unit the admin administers (idempotent), or take it away. */
export async function setRole(
  db: Kysely<Database>,
  actor: Actor,
  input: { userId: string; unitId: string; role: Role; granted: boolean },
): Promise<void> {
  if (!isRole(input.role)) throw new AppError('INVALID_INPUT', '角色无效');
  const admin = administeredUnits(actor, await loadUnitGraph(db));
  if (!admin.has(input.unitId)) throw new AppError('FORBIDDEN');
  const user = await db.selectFrom('user').select('id').where('id', '=', input.userId).executeTakeFirst();
  if (!user) throw new AppError('USER_NOT_FOUND');
  const key = { user_id: input.userId, unit_id: input.unitId, role: input.role };
  if (input.granted) {
    await db.insertInto('membership').values(key).onConflict((oc) => oc.doNothing()).execute();
  } else {
    await db
      .deleteFrom('membership')
      .where('user_id', '=', key.user_id)
      .where('unit_id', '=', key.unit_id)
      .where('role', '=', key.role)
      .execute();
  }
  await recordAudit(db, { actorId: actor.user.id, action: input.granted ? 'role.grant' : 'role.revoke', target: input.userId, data: key });
  accessEvents.changed({ userId: input.userId });
}
