import type { Database, Kysely } from '@jixiao/db';
import { type TableJSON, TableDoc, skeletonTable } from '@jixiao/table';
import * as Y from 'yjs';
import type { Actor } from '../actor.ts';
import { AppError, newId, nowIso } from '../errors.ts';
import { canCreateProject } from '../policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { getProject } from './project-view.ts';

export interface CreateProjectInput {
  unitId: string;
  name: string;
  year: number;
  /** Imported content; a new table gets the standard 一级/二级 skeleton. */
  table?: TableJSON;
}

/** The first state of a project's document: one Yjs update. */
export function initialDocUpdate(table: TableJSON): Uint8Array {
  const doc = new Y.Doc();
  new TableDoc(doc).load(table);
  return Y.encodeStateAsUpdate(doc);
}

/** An editor of a unit creates a target table for a year, pre-filled with the skeleton. */
export async function createProject(db: Kysely<Database>, actor: Actor, input: CreateProjectInput) {
  const name = input.name?.trim();
  const year = Number(input.year);
  if (!name) throw new AppError('INVALID_INPUT', '请填写项目名称');
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError('INVALID_INPUT', '年度无效');
  const unit = await db.selectFrom('unit').select(['id', 'name']).where('id', '=', input.unitId ?? '').executeTakeFirst();
  if (!unit) throw new AppError('UNIT_NOT_FOUND');
  if (!canCreateProject(actor, unit.id)) throw new AppError('FORBIDDEN', '只有本单位填报人可以新建绩效目标表');
  const table =
    input.table ??
    skeletonTable({ projectName: name, implementingUnit: unit.name, year: String(year) });
  const id = newId('p_');
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('project')
      .values({ id, unit_id: unit.id, name, year, kind: 'target', created_by: actor.user.id, created_at: nowIso() })
      .execute();
    await tx.insertInto('doc_update').values({ project_id: id, data: initialDocUpdate(table) }).execute();
  });
  await recordAudit(db, { actorId: actor.user.id, action: 'project.create', target: id, data: { name, year } });
  return getProject(db, actor, id);
}
