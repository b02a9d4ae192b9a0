/**
 * One live target table per unit, year and name (the unique index is the last word; this gives the
 * clear message first, naming the table, also when one import repeats a name within itself).
 */
import type { Database, Kysely } from '@jixiao/db';
import { AppError } from '../errors.ts';

export async function assertNoDuplicates(
  tx: Kysely<Database>,
  unitId: string,
  planned: ReadonlyArray<{ name: string; year: number }>,
  /** the project being restored, which is not its own duplicate */
  exceptId?: string,
): Promise<void> {
  const seen = new Set<string>();
  for (const p of planned) {
    const key = `${p.year}\u0000${p.name}`;
    if (seen.has(key)) throw duplicate(p, '本次导入中出现两次');
    seen.add(key);
  }
  const names = [...new Set(planned.map((p) => p.name))];
  const existing = await tx
    .selectFrom('project')
    .select(['name', 'year'])
    .where('unit_id', '=', unitId)
    .where('kind', '=', 'target')
    .where('name', 'in', names)
    .where('archived_at', 'is', null)
    .$if(!!exceptId, (q) => q.where('id', '!=', exceptId!))
    .execute();
  const clash = planned.find((p) => existing.some((e) => e.name === p.name && e.year === p.year));
  if (clash) throw duplicate(clash, '本单位已有此表');
}

function duplicate(p: { name: string; year: number }, why: string): AppError {
  return new AppError('DUPLICATE_PROJECT', `「${p.name}」${p.year} 年度绩效目标表重复：${why}，请改名或打开已有的表`);
}

/** Two creations racing past the check: the unique index refuses the second. */
export async function withDuplicateGuard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('DUPLICATE_PROJECT');
    throw e;
  }
}

/** A unique index refused the write (PostgreSQL 23505, SQLite's constraint code). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
