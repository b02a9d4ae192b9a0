/** Header labels of the published layouts, mapped to TableJSON header fields. */
import type { HeaderField, MoneyField } from '../fields.ts';

export type HeaderKey = HeaderField | MoneyField;
/** 'goal' is the 年度总体绩效目标; 'total' is 资金总额, whose field depends on the column. */
export type Label = { kind: 'field'; fields: HeaderKey[] } | { kind: 'goal' } | { kind: 'total' };

const RULES: Array<[RegExp, Label]> = [
  [/^项目名称$/, { kind: 'field', fields: ['projectName'] }],
  [/^主管部门$/, { kind: 'field', fields: ['department'] }],
  [/^实施单位$/, { kind: 'field', fields: ['implementingUnit'] }],
  [/^项目属性$/, { kind: 'field', fields: ['attribute'] }],
  [/^项目期(限)?$/, { kind: 'field', fields: ['period'] }],
  [/^资金主管处/, { kind: 'field', fields: ['fundOffice'] }],
  [/^项目总额$/, { kind: 'field', fields: ['projectTotal'] }],
  // seed 003 publishes a single amount, for a one-year project both total and annual
  [/^项目年度金额/, { kind: 'field', fields: ['projectTotal', 'annualTotal'] }],
  // seed 004: 年度资金总额（含本级和市县） | 年度资金总额（含本级）
  [/^年度资金总额[（(]含本级[）)]$/, { kind: 'field', fields: ['localTotal'] }],
  [/^年度资金总额/, { kind: 'field', fields: ['annualTotal'] }],
  [/^本级资金$/, { kind: 'field', fields: ['localTotal'] }],
  [/^转移市县/, { kind: 'field', fields: ['transferTotal'] }],
  [/^资金总额$/, { kind: 'total' }],
  [/^财政拨款$/, { kind: 'field', fields: ['localFiscal'] }],
  [/^其他资金$/, { kind: 'field', fields: ['localOther'] }],
  [/^结余结转(资金)?$/, { kind: 'field', fields: ['localCarryover'] }],
  [/^中央资金$/, { kind: 'field', fields: ['transferCentral'] }],
  [/^自治区资金$/, { kind: 'field', fields: ['transferRegion'] }],
  [/^(年度总体绩效目标|项目年度绩效目标)/, { kind: 'goal' }],
];

/** Cell text without spaces and without a leading 其中： */
export function normalizeLabel(cell: string): string {
  return cell.replace(/[\s\u3000]+/g, '').replace(/^其中[:：]/, '');
}

export function matchLabel(cell: string): Label | undefined {
  const s = normalizeLabel(cell);
  if (!s) return undefined;
  return RULES.find(([re]) => re.test(s))?.[1];
}

/** A label's own money unit, as in 项目年度金额(元) or 项目年度资金（万元）. */
export function unitInLabel(cell: string): '元' | '万元' | undefined {
  const m = /[（(](万元|元)[）)]/.exec(cell);
  return m ? (m[1] as '元' | '万元') : undefined;
}
