/**
 * One source of truth for a table's name: the 项目名称 in its document. The collaboration server
 * copies it here after edits, so the project list, page titles and exports follow the table.
 * A name that cannot be the project's (empty, too long, with control characters, taken by another
 * live table of the unit and year) leaves the listed name as it was; the document keeps what the
 * user typed.
 */
import type { Database, Kysely } from '@jixiao/db';
import { projectNameSchema } from '../inputs.ts';
import { isUniqueViolation } from './duplicates.ts';

export type NameSync = 'renamed' | 'unchanged' | 'refused';

export async function syncProjectName(db: Kysely<Database>, projectId: string, documentName: string): Promise<NameSync> {
  const checked = projectNameSchema.safeParse(documentName);
  if (!checked.success) return 'refused';
  const name = checked.data;
  try {
    const done = await db
      .updateTable('project')
      .set({ name })
      .where('id', '=', projectId)
      .where('name', '!=', name)
      .executeTakeFirst();
    return Number(done.numUpdatedRows) > 0 ? 'renamed' : 'unchanged';
  } catch (e) {
    if (isUniqueViolation(e)) return 'refused';
    throw e;
  }
}
