import { MONEY_FIELDS, type MoneyField } from '../fields.ts';
import type { TableJSON } from '../table-doc.ts';
import { isNotApplicable } from '../value/not-applicable.ts';
import { parseIndicatorValue } from '../value/parse-indicator-value.ts';
import type { ParsedValue } from '../value/types.ts';
import type { RuleConfig } from './types.ts';

/** One indicator row, parsed once and shared by every rule. */
export interface RowInfo {
  index: number;
  id?: string;
  level1: string;
  level2: string;
  name: string;
  /** Name without any whitespace, for comparing names. */
  key: string;
  value: string;
  parsed: ParsedValue;
  /** Neither name nor value written (an untouched skeleton row). */
  blank: boolean;
  /** 不涉及 / 无 / 不适用 in the name or the value. */
  notApplicable: boolean;
}

export interface TableContext {
  table: TableJSON;
  config: RuleConfig;
  rows: RowInfo[];
  /** The table's money unit; 万元 when unset, as in most published tables. */
  moneyUnit: '万元' | '元';
  /** 万元 per header money unit. */
  wanPerMoneyUnit: number;
  /** Header money as numbers: undefined = blank, NaN = not a number. */
  money: Partial<Record<MoneyField, number>>;
  /** header.year as a number, when it is one. */
  year?: number;
}

const SPACES = /\s+/g;
const MONEY_NUMBER = /^-?\d+(?:\.\d+)?$/;
const THOUSANDS = /,/g;
const YEAR = /^\d{4}$/;

function moneyNumber(text: string | undefined): number | undefined {
  const t = (text ?? '').replace(SPACES, '').replace(THOUSANDS, '');
  if (!t) return undefined;
  return MONEY_NUMBER.test(t) ? Number(t) : Number.NaN;
}

export function buildContext(table: TableJSON, config: RuleConfig): TableContext {
  const rows = table.indicators.map((r, index): RowInfo => {
    const name = r.name.trim();
    const value = r.value.trim();
    const row: RowInfo = {
      index,
      level1: r.level1.trim(),
      level2: r.level2.trim(),
      name,
      key: name.replace(SPACES, ''),
      value: r.value,
      parsed: parseIndicatorValue(r.value),
      blank: !name && !value,
      notApplicable: isNotApplicable(name) || isNotApplicable(value),
    };
    if (r.id !== undefined) row.id = r.id;
    return row;
  });
  const money: Partial<Record<MoneyField, number>> = {};
  for (const field of Object.keys(MONEY_FIELDS) as MoneyField[]) {
    const n = moneyNumber(table.header[field]);
    if (n !== undefined) money[field] = n;
  }
  const moneyUnit = table.header.moneyUnit ?? '万元';
  const yearText = (table.header.year ?? '').trim();
  const ctx: TableContext = {
    table,
    config,
    rows,
    moneyUnit,
    wanPerMoneyUnit: moneyUnit === '元' ? 0.0001 : 1,
    money,
  };
  if (YEAR.test(yearText)) ctx.year = Number(yearText);
  return ctx;
}
