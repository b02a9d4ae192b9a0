import type { Database, Kysely, UnitKind, UnitLevel } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { AppError, newId, nowIso } from '../errors.ts';
import { administeredUnits } from '../policy.ts';
import { UNIT_KINDS, UNIT_LEVELS } from '../roles.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { loadUnitGraph } from './unit-graph.ts';

export interface CreateUnitInput {
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  parentId: string | null;
  /** for a finance bureau: the units it oversees */
  oversees?: string[];
}

/** Admins add units below the units they administer (a top-level unit needs a top-level admin). */
export async function createUnit(
  db: Kysely<Database>,
  actor: Actor,
  input: CreateUnitInput,
): Promise<{ id: string }> {
  const name = input.name?.trim();
  if (!name) throw new AppError('INVALID_INPUT', '请填写单位名称');
  if (!(input.kind in UNIT_KINDS)) throw new AppError('INVALID_INPUT', '单位类型无效');
  if (!(input.level in UNIT_LEVELS)) throw new AppError('INVALID_INPUT', '行政级别无效');
  const graph = await loadUnitGraph(db);
  const admin = administeredUnits(actor, graph);
  const topAdmin = [...admin].some((id) => graph.parent.get(id) === null);
  if (input.parentId ? !admin.has(input.parentId) : !topAdmin) throw new AppError('FORBIDDEN');
  for (const id of input.oversees ?? []) {
    if (!graph.parent.has(id)) throw new AppError('UNIT_NOT_FOUND');
  }
  const id = newId('u_');
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('unit')
      .values({ id, name, kind: input.kind, level: input.level, parent_id: input.parentId, created_at: nowIso() })
      .execute();
    for (const unitId of input.kind === 'finance' ? (input.oversees ?? []) : []) {
      await tx.insertInto('unit_oversight').values({ finance_unit_id: id, unit_id: unitId }).execute();
    }
  });
  await recordAudit(db, { actorId: actor.user.id, action: 'unit.create', target: id, data: input });
  return { id };
}
