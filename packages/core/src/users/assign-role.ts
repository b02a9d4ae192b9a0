import type { Database, Kysely } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { AppError } from '../errors.ts';
import { type SetRoleInput, parseInput, setRoleSchema } from '../inputs.ts';
import { administeredUnits } from '../policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { accessEvents } from '../events/access-events.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';

/** Give a user a role in a unit the admin administers (idempotent), or take it away. */
export async function setRole(db: Kysely<Database>, actor: Actor, raw: SetRoleInput): Promise<void> {
  const input = parseInput(setRoleSchema, raw);
  const admin = administeredUnits(actor, await loadUnitGraph(db));
  if (!admin.has(input.unitId)) throw new AppError('FORBIDDEN');
  const user = await db.selectFrom('user').select('id').where('id', '=', input.userId).executeTakeFirst();
  if (!user) throw new AppError('USER_NOT_FOUND');
  const key = { user_id: input.userId, unit_id: input.unitId, role: input.role };
  await db.transaction().execute(async (tx) => {
    if (input.granted) {
      await tx.insertInto('membership').values(key).onConflict((oc) => oc.doNothing()).execute();
    } else {
      await tx
        .deleteFrom('membership')
        .where('user_id', '=', key.user_id)
        .where('unit_id', '=', key.unit_id)
        .where('role', '=', key.role)
        .execute();
    }
    await recordAudit(tx, {
      actorId: actor.user.id,
      action: input.granted ? 'role.grant' : 'role.revoke',
      target: input.userId,
      data: key,
    });
  });
  accessEvents.changed({ userId: input.userId });
}
