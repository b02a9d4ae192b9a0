import type { Database, Kysely } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { AppError, newId, nowIso } from '../errors.ts';
import { type CreateUnitInput, createUnitSchema, parseInput } from '../inputs.ts';
import { administeredUnits } from '../policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { accessEvents } from '../events/access-events.ts';
import { loadUnitGraph } from './unit-graph.ts';

export type { CreateUnitInput };

/**
 * Admins add units below the units they administer (a top-level unit needs a top-level admin).
 * A finance unit may only oversee units its creator administers: oversight grants sight of a
 * subtree, so naming a unit above oneself would be a way to read it.
 */
export async function createUnit(db: Kysely<Database>, actor: Actor, raw: CreateUnitInput): Promise<{ id: string }> {
  const input = parseInput(createUnitSchema, raw);
  const oversees = [...new Set(input.oversees ?? [])];
  if (input.kind !== 'finance' && oversees.length) {
    throw new AppError('INVALID_INPUT', '只有财政部门可以监管其他单位');
  }
  const graph = await loadUnitGraph(db);
  const admin = administeredUnits(actor, graph);
  const topAdmin = [...admin].some((id) => graph.parent.get(id) === null);
  if (input.parentId ? !admin.has(input.parentId) : !topAdmin) throw new AppError('FORBIDDEN');
  for (const id of oversees) {
    if (!graph.parent.has(id)) throw new AppError('UNIT_NOT_FOUND');
    if (!admin.has(id)) throw new AppError('FORBIDDEN', '只能监管您管理范围内的单位');
  }
  const id = newId('u_');
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('unit')
      .values({ id, name: input.name, kind: input.kind, level: input.level, parent_id: input.parentId, created_at: nowIso() })
      .execute();
    for (const unitId of oversees) {
      await tx.insertInto('unit_oversight').values({ finance_unit_id: id, unit_id: unitId }).execute();
    }
    await recordAudit(tx, { actorId: actor.user.id, action: 'unit.create', target: id, data: { ...input, oversees } });
  });
  // oversight and the unit tree decide who sees which table
  accessEvents.policyChanged();
  return { id };
}
