import type { RowInfo } from './context.ts';
import { ruleInfo } from './rules-list.ts';
import type { Finding, FindingTarget } from './types.ts';

export function finding(rule: string, message: string, target: FindingTarget): Finding {
  return { rule, severity: ruleInfo(rule).severity, message, target };
}

export function rowTarget(row: RowInfo, field?: 'name' | 'value'): FindingTarget {
  const target: FindingTarget = { kind: 'indicator', index: row.index };
  if (row.id !== undefined) target.id = row.id;
  if (field) target.field = field;
  return target;
}

/** A number for messages: at most 4 decimals, no trailing zeros, no exponent. */
export function fmt(n: number): string {
  return String(Number(n.toFixed(4)));
}

/** How a row is named in messages: 「数量指标」「医保人才培养合格率」. */
export function rowLabel(row: RowInfo): string {
  return `「${row.level2 || '（无二级）'}」「${row.name || `第${row.index + 1}行`}」`;
}
