import type { TableContext } from './context.ts';
import { finding } from './finding.ts';
import { KNOWN_LEVEL1, PARENT_OF } from './skeleton-index.ts';
import type { Finding } from './types.ts';

/**
 * Group names: unknown 一级/二级, and a 二级 under another 一级 than its own (seed 000 prints a
 * 成本 line under 效益指标 and 可持续影响 under 满意度指标). Such rows are kept as published;
 * this only points at them. One finding per (一级, 二级) group.
 */
export function checkLayout(ctx: TableContext, out: Finding[]): void {
  const groups = new Map<string, { level1: string; level2: string; rows: number }>();
  for (const row of ctx.rows) {
    const key = `${row.level1}\u0000${row.level2}`;
    const g = groups.get(key);
    if (g) g.rows++;
    else groups.set(key, { level1: row.level1, level2: row.level2, rows: 1 });
  }
  const unknownLevel1 = new Set<string>();
  for (const { level1, level2, rows } of groups.values()) {
    const target = { kind: 'group', level1, level2 } as const;
    if (!KNOWN_LEVEL1.has(level1) && !unknownLevel1.has(level1)) {
      unknownLevel1.add(level1);
      const msg = level1 ? `「${level1}」不是标准一级指标（产出指标、效益指标、满意度指标）` : '有指标行未填写一级指标';
      out.push(finding('layout.unknown-level1', msg, target));
    }
    const parent = PARENT_OF.get(level2);
    if (parent === undefined) {
      const msg = level2 ? `「${level2}」不是标准二级指标（${rows}行）` : `「${level1}」下有${rows}行未填写二级指标`;
      out.push(finding('layout.unknown-level2', msg, target));
    } else if (parent !== level1 && KNOWN_LEVEL1.has(level1)) {
      out.push(
        finding(
          'layout.misplaced-level2',
          `「${level2}」属于「${parent}」，这里列在「${level1}」下（${rows}行），疑为版面错位，请核对原表`,
          target,
        ),
      );
    }
  }
}
