/** Deleting a table archives it (audited, in one transaction); an admin of its unit restores it. */
import type { Database, Kysely } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { accessEvents } from '../events/access-events.ts';
import { AppError, nowIso } from '../errors.ts';
import { canArchiveProject, canRestoreProject, visibleUnits } from '../policy.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';
import { currentEditors, workflowStateOf } from '../workflow/state.ts';
import { assertNoDuplicates, withDuplicateGuard } from './duplicates.ts';

async function projectRow(db: Kysely<Database>, projectId: string) {
  const row = await db
    .selectFrom('project')
    .select(['id', 'unit_id', 'name', 'year', 'kind', 'archived_at'])
    .where('id', '=', projectId)
    .executeTakeFirst();
  if (!row) throw new AppError('PROJECT_NOT_FOUND');
  return row;
}

export async function archiveProject(db: Kysely<Database>, actor: Actor, projectId: string): Promise<void> {
  const row = await projectRow(db, projectId);
  const graph = await loadUnitGraph(db);
  if (!visibleUnits(actor, graph).has(row.unit_id)) throw new AppError('FORBIDDEN', '您无权查看此项目');
  const state = await workflowStateOf(db, graph, { id: row.id, unitId: row.unit_id, year: Number(row.year), kind: row.kind });
  const submitted = state.status !== 'draft';
  if (!canArchiveProject(actor, graph, row.unit_id, { editors: currentEditors(state), submitted })) {
    throw new AppError('FORBIDDEN', submitted ? '此表已提交审核、批复或公开，只有单位管理员可以删除' : '只有本表的填报人或单位管理员可以删除');
  }
  await db.transaction().execute(async (tx) => {
    // the guard makes a second delete (another tab, a retry) a no-op rather than a new record
    const done = await tx
      .updateTable('project')
      .set({ archived_at: nowIso(), archived_by: actor.user.id })
      .where('id', '=', projectId)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw new AppError('PROJECT_ARCHIVED');
    await recordAudit(tx, { actorId: actor.user.id, action: 'project.archive', target: projectId, data: { name: row.name, year: row.year } });
  });
  // open editors of the table are told it is gone
  accessEvents.projectArchived({ projectId });
}

export async function restoreProject(db: Kysely<Database>, actor: Actor, projectId: string): Promise<void> {
  const row = await projectRow(db, projectId);
  const graph = await loadUnitGraph(db);
  if (!canRestoreProject(actor, graph, row.unit_id)) throw new AppError('FORBIDDEN', '只有单位管理员可以恢复已删除的表');
  if (!row.archived_at) return;
  await withDuplicateGuard(() =>
    db.transaction().execute(async (tx) => {
      // a new table of the same name may have been made meanwhile
      await assertNoDuplicates(tx, row.unit_id, [{ name: row.name, year: row.year }], projectId);
      await tx.updateTable('project').set({ archived_at: null, archived_by: null }).where('id', '=', projectId).execute();
      await recordAudit(tx, { actorId: actor.user.id, action: 'project.restore', target: projectId, data: { name: row.name, year: row.year } });
    }),
  );
}
