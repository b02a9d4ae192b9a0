import type { TableJSON } from '../table-doc.ts';
import { buildContext } from './context.ts';
import { checkCostSum } from './cost-sum.ts';
import { checkDuplicates } from './duplicates.ts';
import { checkGoalMoney } from './goal-money.ts';
import { checkHeader } from './header-checks.ts';
import { checkLayout } from './layout.ts';
import { checkMoneyLines } from './money-lines.ts';
import { checkRequiredGroups } from './required-groups.ts';
import { checkRows } from './row-checks.ts';
import { DEFAULT_RULE_CONFIG } from './rule-set-2021.ts';
import type { Finding, RuleConfig } from './types.ts';

/**
 * Every rule of RULES over one table. Runs on each keystroke: each value is parsed once and
 * every check is a single pass over the rows (≤ 100), so the whole is linear in table size.
 * Findings come header first, then goal, groups and rows, each in table order.
 */
export function checkTable(table: TableJSON, config?: Partial<RuleConfig>): Finding[] {
  const ctx = buildContext(table, { ...DEFAULT_RULE_CONFIG, ...config });
  const out: Finding[] = [];
  checkHeader(ctx, out);
  checkMoneyLines(ctx, out);
  checkGoalMoney(ctx, out);
  checkRequiredGroups(ctx, out);
  checkLayout(ctx, out);
  checkCostSum(ctx, out);
  checkRows(ctx, out);
  checkDuplicates(ctx, out);
  return out;
}
