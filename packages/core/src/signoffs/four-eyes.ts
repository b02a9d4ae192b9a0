/**
 * Four-eyes: the user who last changed a part of a table may not sign it off. `part_change`
 * (kept by the collaboration server, read through attribution/last-changes.ts) names the last
 * changer of each part: an indicator or a header section; the whole table covers every part of
 * the project, the indicators deleted since included (deleting is a change too).
 */
import type { Database, Kysely } from '@jixiao/db';
import { lastChangerOf } from '../attribution/last-changes.ts';

/** Whether `userId` is the last changer of the part `target` (or, for `table`, of any part). */
export async function lastChangeBy(db: Kysely<Database>, projectId: string, target: string, userId: string): Promise<boolean> {
  if (target !== 'table') return (await lastChangerOf(db, projectId, target)) === userId;
  const any = await db
    .selectFrom('part_change')
    .select('part')
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return any !== undefined;
}
