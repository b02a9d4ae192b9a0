/**
 * Reading a table that does not fit its schema (written before the server checked updates, or
 * handed over as loose JSON): whatever does not fit is skipped and listed, never thrown on, so
 * exports, print and checks keep working for everyone.
 */
import * as Y from 'yjs';
import { HEADER_FIELDS, MONEY_FIELDS } from './fields.ts';
import type { IndicatorTextField, TableJSON } from './table-doc.ts';

/** One skipped part of a table: where it was (`header.year`, `indicators.<id>.level1`) and what it was. */
export interface StructureProblem {
  path: string;
  message: string;
}

/** Header keys of the schema, in a fixed order (others are not part of a table). */
export const HEADER_KEYS = [...Object.keys(HEADER_FIELDS), ...Object.keys(MONEY_FIELDS)] as Array<
  keyof typeof HEADER_FIELDS | keyof typeof MONEY_FIELDS
>;

/** What a misplaced value is, in words, for the problem list. */
export function describeValue(v: unknown): string {
  if (v === undefined) return '缺失';
  if (v === null) return '空值';
  if (v instanceof Y.Text) return '协作文本';
  if (v instanceof Y.Map) return '映射';
  if (v instanceof Y.Array) return '数组';
  if (v instanceof Y.AbstractType) return 'Yjs 类型';
  if (Array.isArray(v)) return '数组';
  if (v instanceof Uint8Array) return '二进制数据';
  switch (typeof v) {
    case 'string':
      return '字符串';
    case 'number':
    case 'bigint':
      return '数字';
    case 'boolean':
      return '布尔值';
    default:
      return '对象';
  }
}

export function problem(path: string, expected: string, found: unknown): StructureProblem {
  return { path, message: `应为${expected}，实为${describeValue(found)}，已跳过` };
}

/** The notice to show over a table with skipped parts, or null. */
export function problemsNotice(problems: readonly StructureProblem[] | undefined): string | null {
  return problems?.length ? `有${problems.length}处数据格式异常已跳过` : null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const OPTIONAL_TEXTS = ['actual', 'score', 'weight', 'remark'] as const satisfies readonly IndicatorTextField[];

/**
 * A TableJSON from any value: strings where strings belong, everything else skipped and listed.
 * For data that did not come from TableDoc.toJSON just now (API payloads, older stored JSON).
 */
export function safeTableJSON(value: unknown): TableJSON {
  const problems: StructureProblem[] = [];
  const source = isRecord(value) ? value : {};
  const text = (v: unknown, path: string, fallback = ''): string => {
    if (typeof v === 'string') return v;
    if (v !== undefined) problems.push(problem(path, '文本', v));
    return fallback;
  };

  const h = isRecord(source.header) ? source.header : {};
  const header: TableJSON['header'] = {};
  for (const k of HEADER_KEYS) {
    const v = text(h[k], `header.${k}`);
    if (typeof h[k] === 'string') header[k] = v;
  }
  if (h.moneyUnit === '万元' || h.moneyUnit === '元') header.moneyUnit = h.moneyUnit;
  else if (h.moneyUnit !== undefined) problems.push(problem('header.moneyUnit', '“万元”或“元”', h.moneyUnit));

  const rows: unknown[] = Array.isArray(source.indicators) ? source.indicators : [];
  const indicators: TableJSON['indicators'] = [];
  for (const [i, r] of rows.entries()) {
    const path = `indicators.${i}`;
    if (!isRecord(r)) {
      problems.push(problem(path, '指标行', r));
      continue;
    }
    const row: TableJSON['indicators'][number] = {
      level1: text(r.level1, `${path}.level1`),
      level2: text(r.level2, `${path}.level2`),
      name: text(r.name, `${path}.name`),
      value: text(r.value, `${path}.value`),
    };
    if (typeof r.id === 'string') row.id = r.id;
    for (const f of OPTIONAL_TEXTS) {
      const v = text(r[f], `${path}.${f}`);
      if (v) row[f] = v;
    }
    indicators.push(row);
  }

  // problems found when the table was read from its document come first
  const earlier = (Array.isArray(source.problems) ? source.problems : []).filter(
    (p): p is StructureProblem => isRecord(p) && typeof p.path === 'string' && typeof p.message === 'string',
  );
  problems.unshift(...earlier.map(({ path, message }) => ({ path, message })));
  const table: TableJSON = { header, goal: text(source.goal, 'goal'), indicators };
  if (problems.length) table.problems = problems;
  return table;
}
