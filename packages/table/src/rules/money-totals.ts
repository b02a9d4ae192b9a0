import { MONEY_FIELDS, type MoneyField } from '../fields.ts';
import type { TableContext } from './context.ts';

/**
 * The header amounts an itemised sum may legitimately match: the year's total, the project
 * total, or 本级资金 alone (seed 001 itemises only 本级已分配资金: 8262 of 10256).
 */
const TOTAL_FIELDS: readonly MoneyField[] = ['annualTotal', 'projectTotal', 'localTotal'];

export interface MoneyTotal {
  field: MoneyField;
  label: string;
  wan: number;
}

export function moneyTotals(ctx: TableContext): MoneyTotal[] {
  const totals: MoneyTotal[] = [];
  for (const field of TOTAL_FIELDS) {
    const n = ctx.money[field];
    if (n !== undefined && Number.isFinite(n) && n > 0) {
      totals.push({ field, label: MONEY_FIELDS[field], wan: n * ctx.wanPerMoneyUnit });
    }
  }
  return totals;
}

/** Allowed gap in 万元 against a total (see RuleConfig.costTolerance). */
export function tolerance(ctx: TableContext, totalWan: number): number {
  return Math.max(0.01, ctx.config.costTolerance * totalWan);
}

/** 万元 written in the table's own unit, for messages. */
export function inTableUnit(ctx: TableContext, wan: number): number {
  return wan / ctx.wanPerMoneyUnit;
}
