/**
 * Creating projects from imported tables: all in one transaction (nothing is created unless
 * everything is), each with the same first document as createProject, one audit row.
 */
import type { Database, Kysely } from '@jixiao/db';
import type { TableJSON } from '@jixiao/table';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError, newId, nowIso } from '../errors.ts';
import { type ImportProjectsInput, LIMITS, importProjectsSchema, parseInput, projectNameSchema } from '../inputs.ts';
import { canCreateProject } from '../policy.ts';
import { attributeParts } from '../attribution/parts.ts';
import { initialDocument, storeInitialDocument } from '../projects/create-project.ts';
import { assertNoDuplicates, withDuplicateGuard } from '../projects/duplicates.ts';
import type { ProjectView } from '../projects/project-view.ts';
import { getProject } from '../projects/project-view.ts';

export type { ImportProjectsInput };

/** At most this many tables per import. */
export const MAX_IMPORT_TABLES = LIMITS.importTables;

export async function importProjects(
  db: Kysely<Database>,
  actor: Actor,
  raw: ImportProjectsInput,
): Promise<ProjectView[]> {
  const input = parseInput(importProjectsSchema, raw);
  const unit = await db.selectFrom('unit').select(['id', 'name']).where('id', '=', input.unitId).executeTakeFirst();
  if (!unit) throw new AppError('UNIT_NOT_FOUND');
  if (!canCreateProject(actor, unit.id)) throw new AppError('FORBIDDEN', '只有本单位填报人可以导入绩效目标表');
  const planned = input.tables.map((raw, i) => {
    const table = cleanTable(raw, i);
    if (!table.header.projectName?.trim()) throw new AppError('INVALID_INPUT', `第 ${i + 1} 个表格没有项目名称`);
    const checked = projectNameSchema.safeParse(table.header.projectName);
    if (!checked.success) throw new AppError('INVALID_INPUT', `第 ${i + 1} 个表格的${checked.error.issues[0]?.message ?? '项目名称无效'}`);
    const name = checked.data;
    const year = Number(table.header.year ?? input.year);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) {
      throw new AppError('INVALID_INPUT', `第 ${i + 1} 个表格「${name}」的年度无效，请选择年度`);
    }
    if (!table.header.year) table.header.year = String(year);
    return { id: newId('p_'), name, year, table };
  });
  await withDuplicateGuard(() => db.transaction().execute(async (tx) => {
    await assertNoDuplicates(tx, unit.id, planned);
    const at = nowIso();
    for (const p of planned) {
      await tx
        .insertInto('project')
        .values({ id: p.id, unit_id: unit.id, name: p.name, year: p.year, kind: 'target', created_by: actor.user.id, created_at: at })
        .execute();
      const first = initialDocument(p.table);
      await storeInitialDocument(tx, p.id, first.update);
      // what the importer brought is theirs: they may not sign it off themselves
      await attributeParts(tx, p.id, actor.user.id, first.parts, at);
    }
    await recordAudit(tx, {
      actorId: actor.user.id,
      action: 'project.import',
      target: unit.id,
      data: { projects: planned.map((p) => ({ id: p.id, name: p.name, year: p.year })) },
    });
  }));
  return Promise.all(planned.map((p) => getProject(db, actor, p.id)));
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** The table as TableJSON with strings only: what came over the wire is not trusted. */
function cleanTable(raw: unknown, i: number): TableJSON {
  const bad = () => new AppError('INVALID_INPUT', `第 ${i + 1} 个表格格式不正确`);
  if (!raw || typeof raw !== 'object') throw bad();
  const t = raw as Record<string, unknown>;
  if (!t.header || typeof t.header !== 'object' || !Array.isArray(t.indicators)) throw bad();
  const header: Record<string, string> = {};
  for (const [k, v] of Object.entries(t.header as Record<string, unknown>)) {
    const s = str(v);
    if (s !== undefined) header[k] = s;
  }
  if (header.moneyUnit !== undefined && header.moneyUnit !== '万元' && header.moneyUnit !== '元') throw bad();
  const indicators = (t.indicators as unknown[]).map((r) => {
    if (!r || typeof r !== 'object') throw bad();
    const row = r as Record<string, unknown>;
    const out: TableJSON['indicators'][number] = {
      level1: str(row.level1) ?? '',
      level2: str(row.level2) ?? '',
      name: str(row.name) ?? '',
      value: str(row.value) ?? '',
    };
    for (const f of ['actual', 'score', 'weight', 'remark'] as const) {
      const s = str(row[f]);
      if (s !== undefined) out[f] = s;
    }
    return out;
  });
  return { header: header as TableJSON['header'], goal: str(t.goal) ?? '', indicators };
}
