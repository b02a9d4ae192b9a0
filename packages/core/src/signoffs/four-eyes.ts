/**
 * Four-eyes: the user who last changed a part of a table may not sign it off. `part_change`
 * (kept by the collaboration server) names the last changer of each part: an indicator or a
 * header section; the whole table covers every part of the project, the indicators deleted
 * since included (deleting is a change too).
 */
import type { Database, Kysely } from '@jixiao/db';

/** Whether `userId` is the last changer of the part `target` (or, for `table`, of any part). */
export async function lastChangeBy(db: Kysely<Database>, projectId: string, target: string, userId: string): Promise<boolean> {
  let q = db.selectFrom('part_change').select('part').where('project_id', '=', projectId).where('user_id', '=', userId);
  if (target !== 'table') q = q.where('part', '=', target);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}
