/**
 * The official layout of a 项目支出预算绩效目标表 as a grid, shared by the xlsx exporter and
 * importer (and usable by any other renderer): which label sits where and which field it holds.
 *
 * Four columns: 一级指标 | 二级指标 | 三级指标 | 指标值. The header block above the indicator table
 * uses the same columns as label | value | label | value pairs.
 */
import type { HeaderField, MoneyField } from '../fields.ts';
import type { TableJSON } from '../table-doc.ts';

export const TABLE_TITLE = '项目支出预算绩效目标表';
export const GOAL_LABEL = '年度总体绩效目标';
export const INDICATOR_HEADS = ['一级指标', '二级指标', '三级指标', '指标值'] as const;

type HeaderKey = HeaderField | MoneyField;

/**
 * One row of the header block: a label/value pair filling the whole row (`wide`), two pairs,
 * or a section heading over two columns (本级资金 / 转移市县（区）资金 with their split below).
 */
export type HeaderBlockRow =
  | { kind: 'wide'; label: string; field: HeaderKey }
  | { kind: 'pairs'; left?: { label: string; field: HeaderKey }; right?: { label: string; field: HeaderKey } }
  | { kind: 'sections'; left: string; right: string };

export const LOCAL_SECTION = '本级资金';
export const TRANSFER_SECTION = '转移市县（区）资金';

export const HEADER_BLOCK: readonly HeaderBlockRow[] = [
  { kind: 'wide', label: '项目名称', field: 'projectName' },
  {
    kind: 'pairs',
    left: { label: '主管部门', field: 'department' },
    right: { label: '实施单位', field: 'implementingUnit' },
  },
  {
    kind: 'pairs',
    left: { label: '项目属性', field: 'attribute' },
    right: { label: '项目期', field: 'period' },
  },
  { kind: 'wide', label: '资金主管处室', field: 'fundOffice' },
  {
    kind: 'pairs',
    left: { label: '项目总额', field: 'projectTotal' },
    right: { label: '年度资金总额', field: 'annualTotal' },
  },
  { kind: 'sections', left: LOCAL_SECTION, right: TRANSFER_SECTION },
  {
    kind: 'pairs',
    left: { label: '资金总额', field: 'localTotal' },
    right: { label: '资金总额', field: 'transferTotal' },
  },
  {
    kind: 'pairs',
    left: { label: '财政拨款', field: 'localFiscal' },
    right: { label: '中央资金', field: 'transferCentral' },
  },
  {
    kind: 'pairs',
    left: { label: '其他资金', field: 'localOther' },
    right: { label: '自治区资金', field: 'transferRegion' },
  },
  { kind: 'pairs', left: { label: '结余结转资金', field: 'localCarryover' } },
];

/** The 年度 line under the title: `（2026年）`. */
export function yearLine(year: string | undefined): string {
  return year ? `（${year}年）` : '';
}

/** Inverse of yearLine, or undefined when the text is not a year line. */
export function parseYearLine(text: string): string | undefined {
  const m = /^[（(]\s*(.*?)\s*[）)]$/.exec(text.trim());
  if (!m) return undefined;
  const inner = m[1]!;
  return inner.endsWith('年') ? inner.slice(0, -1).trimEnd() : inner;
}

/**
 * Vertical merges of the indicator table: for each row, how many rows its 一级 / 二级 cell spans
 * (0 = covered by the cell of a row above). Runs of equal 一级, and within them of equal 二级.
 */
export function indicatorSpans(rows: TableJSON['indicators']): Array<{ level1: number; level2: number }> {
  const spans = rows.map(() => ({ level1: 0, level2: 0 }));
  let l1 = -1;
  let l2 = -1;
  rows.forEach((row, i) => {
    const prev = rows[i - 1];
    if (prev && prev.level1 === row.level1) spans[l1]!.level1++;
    else {
      l1 = i;
      spans[i]!.level1 = 1;
    }
    if (prev && prev.level1 === row.level1 && prev.level2 === row.level2) spans[l2]!.level2++;
    else {
      l2 = i;
      spans[i]!.level2 = 1;
    }
  });
  return spans;
}
