import type { RowInfo, TableContext } from './context.ts';
import { finding, rowTarget } from './finding.ts';
import type { Finding } from './types.ts';

/**
 * Repeated 三级 names. Within one group this is a mistake or a duplicated row. Across groups
 * it is only worth a note, and pairing a 数量 line with the 成本 line of the same item is the
 * usual layout (seed 000, 001), so pairs involving the cost 二级 are not reported.
 */
export function checkDuplicates(ctx: TableContext, out: Finding[]): void {
  const inGroup = new Map<string, RowInfo>();
  const anywhere = new Map<string, RowInfo>();
  const cost = ctx.config.ruleSet.cost;
  for (const row of ctx.rows) {
    if (row.blank || !row.key || row.notApplicable) continue;
    const groupKey = `${row.level1}\u0000${row.level2}\u0000${row.key}`;
    const first = inGroup.get(groupKey);
    if (first) {
      const same = first.value.trim() === row.value.trim() ? '，指标值也相同（重复行）' : '';
      out.push(
        finding(
          'indicator.duplicate-name',
          `「${row.level2}」下三级指标「${row.name}」与第${first.index + 1}行重名${same}`,
          rowTarget(row, 'name'),
        ),
      );
      continue;
    }
    inGroup.set(groupKey, row);
    const other = anywhere.get(row.key);
    if (!other) {
      anywhere.set(row.key, row);
    } else if (other.level2 !== cost && row.level2 !== cost) {
      out.push(
        finding(
          'indicator.duplicate-across',
          `三级指标「${row.name}」同时出现在「${other.level2}」（第${other.index + 1}行）和「${row.level2}」下`,
          rowTarget(row, 'name'),
        ),
      );
    }
  }
}
