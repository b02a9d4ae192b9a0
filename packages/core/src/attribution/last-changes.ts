/**
 * Who changed each part of a table last, and when ("last changed by … at …"). The rows are kept
 * by the collaboration server from the updates it applies (packages/collab), in the transaction
 * that stores them; parts are `indicator:<id>`, `section:basic`, `section:money`, `section:goal`.
 */
import type { Database, Kysely } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { getProject } from '../projects/project-view.ts';

export interface PartChangeView {
  part: string;
  user: { id: string; name: string };
  changedAt: string;
}

/**
 * The last change of every part of a table anyone changed, by part, for anyone who may see
 * the table (404 unknown, 403 not theirs, 410 deleted). A removed row may still be listed.
 */
export async function lastChanges(db: Kysely<Database>, actor: Actor, projectId: string): Promise<PartChangeView[]> {
  await getProject(db, actor, projectId);
  const rows = await db
    .selectFrom('part_change')
    .innerJoin('user', 'user.id', 'part_change.user_id')
    .select(['part_change.part', 'part_change.changed_at', 'user.id as user_id', 'user.name as user_name'])
    .where('part_change.project_id', '=', projectId)
    .orderBy('part_change.part')
    .execute();
  return rows.map((r) => ({ part: r.part, user: { id: r.user_id, name: r.user_name }, changedAt: r.changed_at }));
}

/** The id of who changed a part last, or null when nobody has since attribution began (no access check). */
export async function lastChangerOf(db: Kysely<Database>, projectId: string, part: string): Promise<string | null> {
  const row = await db
    .selectFrom('part_change')
    .select('user_id')
    .where('project_id', '=', projectId)
    .where('part', '=', part)
    .executeTakeFirst();
  return row?.user_id ?? null;
}
