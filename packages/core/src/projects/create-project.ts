import type { Database, Kysely } from '@jixiao/db';
import { type TableJSON, TableDoc, skeletonTable } from '@jixiao/table';
import * as Y from 'yjs';
import type { Actor } from '../actor.ts';
import { AppError, newId, nowIso } from '../errors.ts';
import { type CreateProjectInput, createProjectSchema, parseInput } from '../inputs.ts';
import { canCreateProject } from '../policy.ts';
import { allParts, attributeParts } from '../attribution/parts.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { assertNoDuplicates, withDuplicateGuard } from './duplicates.ts';
import { getProject } from './project-view.ts';

export type { CreateProjectInput };

/** The first state of a project's document: one Yjs update. */
export function initialDocUpdate(table: TableJSON): Uint8Array {
  return initialDocument(table).update;
}

/**
 * Store a new table's first state as its snapshot, with no log after it: a new table is at rest,
 * so the collab server answers its first syncs from the stored bytes (first-sync.ts in collab)
 * and builds its document only once someone edits it.
 */
export async function storeInitialDocument(tx: Kysely<Database>, projectId: string, update: Uint8Array): Promise<void> {
  await tx.insertInto('doc_snapshot').values({ project_id: projectId, data: update, upto: 0, updated_at: nowIso() }).execute();
}

/** The first state of a project's document and the parts it holds (for attribution). */
export function initialDocument(table: TableJSON): { update: Uint8Array; parts: string[] } {
  const doc = new Y.Doc();
  try {
    new TableDoc(doc).load(table);
    return { update: Y.encodeStateAsUpdate(doc), parts: allParts(doc) };
  } finally {
    doc.destroy();
  }
}

/** An editor of a unit creates a target table for a year, pre-filled with the skeleton. */
export async function createProject(db: Kysely<Database>, actor: Actor, raw: CreateProjectInput) {
  const { name, year, unitId } = parseInput(createProjectSchema, raw);
  const unit = await db.selectFrom('unit').select(['id', 'name']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new AppError('UNIT_NOT_FOUND');
  if (!canCreateProject(actor, unit.id)) throw new AppError('FORBIDDEN', '只有本单位填报人可以新建绩效目标表');
  const table = skeletonTable({ projectName: name, implementingUnit: unit.name, year: String(year) });
  const id = newId('p_');
  await withDuplicateGuard(() => db.transaction().execute(async (tx) => {
    await assertNoDuplicates(tx, unit.id, [{ name, year }]);
    await tx
      .insertInto('project')
      .values({ id, unit_id: unit.id, name, year, kind: 'target', created_by: actor.user.id, created_at: nowIso() })
      .execute();
    const first = initialDocument(table);
    const at = nowIso();
    await storeInitialDocument(tx, id, first.update);
    await attributeParts(tx, id, actor.user.id, first.parts, at);
    await recordAudit(tx, { actorId: actor.user.id, action: 'project.create', target: id, data: { name, year } });
  }));
  return getProject(db, actor, id);
}
