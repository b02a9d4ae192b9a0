import { normalizeValueText } from '../value/normalize.ts';
import { wanPerUnit } from '../value/units.ts';
import type { TableContext } from './context.ts';
import { finding, fmt } from './finding.ts';
import { inTableUnit, moneyTotals, tolerance } from './money-totals.ts';
import type { Finding } from './types.ts';

/**
 * Amounts the goal text states as the project's money: 安排资金68040万元, 金额为10256万元,
 * 共计15.12万元, 申请165.62万元. Item prices (每台0.7万元) are not preceded by these words.
 */
const GOAL_AMOUNT =
  /(?:安排资金|安排|金额为|资金总额为?|总额为?|合计|共计|总计|申请)\s*(?:资金)?\s*约?\s*(\d+(?:\.\d+)?)\s*(亿元|万元|元)/g;

/** The goal's stated amount should be one of the header totals (seed 000's 68040 vs 50814). */
export function checkGoalMoney(ctx: TableContext, out: Finding[]): void {
  const totals = moneyTotals(ctx);
  if (totals.length === 0 || !ctx.table.goal) return;
  const stated: Array<{ text: string; wan: number }> = [];
  for (const m of normalizeValueText(ctx.table.goal).matchAll(GOAL_AMOUNT)) {
    const factor = wanPerUnit(m[2] ?? '');
    if (factor !== undefined) stated.push({ text: `${m[1]}${m[2]}`, wan: Number(m[1]) * factor });
  }
  if (stated.length === 0) return;
  const matches = stated.some((s) => totals.some((t) => Math.abs(s.wan - t.wan) <= tolerance(ctx, t.wan)));
  if (matches) return;
  const main = totals[0]!;
  out.push(
    finding(
      'goal.money-mismatch',
      `总体目标中写明资金${stated.map((s) => s.text).join('、')}，与${main.label}${fmt(inTableUnit(ctx, main.wan))}${ctx.moneyUnit}不符`,
      { kind: 'goal' },
    ),
  );
}
