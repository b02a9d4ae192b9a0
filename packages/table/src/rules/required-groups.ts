import type { TableContext } from './context.ts';
import { finding } from './finding.ts';
import { PARENT_OF } from './skeleton-index.ts';
import type { Finding } from './types.ts';

/**
 * Each 必填硬性/必填 二级 needs at least one row with a real value. 不涉及/无/不适用 rows count
 * only for 选填 二级 (where nothing is required anyway): a required 二级 cannot be "not
 * applicable", which is the point of marking it required.
 */
export function checkRequiredGroups(ctx: TableContext, out: Finding[]): void {
  const seen = new Map<string, { rows: number; filled: boolean; notApplicable: boolean }>();
  for (const row of ctx.rows) {
    if (row.blank) continue;
    const s = seen.get(row.level2) ?? { rows: 0, filled: false, notApplicable: false };
    s.rows++;
    if (row.notApplicable) s.notApplicable = true;
    else if (row.value.trim()) s.filled = true;
    seen.set(row.level2, s);
  }
  for (const [level2, requirement] of Object.entries(ctx.config.ruleSet.requirements)) {
    if (requirement === '选填') continue;
    const s = seen.get(level2);
    if (s?.filled) continue;
    const kind = requirement === '必填硬性' ? '必填硬性指标' : '必填指标';
    let message = `${kind}「${level2}」没有三级指标`;
    if (s?.notApplicable) message = `「${level2}」是${kind}，不能填「不涉及」「无」或「不适用」，须填写三级指标及指标值`;
    else if (s) message = `${kind}「${level2}」的三级指标都没有填写指标值`;
    out.push(
      finding(requirement === '必填硬性' ? 'required.hard' : 'required.missing', message, {
        kind: 'group',
        level1: PARENT_OF.get(level2) ?? '',
        level2,
      }),
    );
  }
}
