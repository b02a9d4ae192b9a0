/**
 * The parts of a table that attribution and sign-off name (`part_change.part`):
 *
 *   indicator:<id>   a row of `indicators`
 *   section:basic    the header fields (HEADER_FIELDS)
 *   section:money    MONEY_FIELDS and the money unit
 *   section:goal     年度总体绩效目标
 */
import type { Database, Transaction } from '@jixiao/db';
import { TableDoc } from '@jixiao/table';
import type * as Y from 'yjs';

export const PART = {
  basic: 'section:basic',
  money: 'section:money',
  goal: 'section:goal',
  indicator: (id: string) => `indicator:${id}`,
} as const;

/** Every part of a document: its sections and each of its rows. */
export function allParts(doc: Y.Doc): string[] {
  return [PART.basic, PART.money, PART.goal, ...new TableDoc(doc).indicators().map((r) => PART.indicator(r.id))];
}

/**
 * `userId` wrote these parts (a table created or imported by them: its first content is theirs,
 * so four-eyes holds for it as for edits through the collaboration server).
 */
export async function attributeParts(tx: Transaction<Database>, projectId: string, userId: string, parts: readonly string[], at: string): Promise<void> {
  if (!parts.length) return;
  await tx
    .insertInto('part_change')
    .values(parts.map((part) => ({ project_id: projectId, part, user_id: userId, changed_at: at })))
    .onConflict((oc) => oc.columns(['project_id', 'part']).doUpdateSet((eb) => ({ user_id: eb.ref('excluded.user_id'), changed_at: eb.ref('excluded.changed_at') })))
    .execute();
}
