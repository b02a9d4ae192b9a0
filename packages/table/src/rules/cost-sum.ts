import { isPerUnit, moneyInWan, wanPerUnit } from '../value/units.ts';
import type { RowInfo, TableContext } from './context.ts';
import { finding, fmt } from './finding.ts';
import { inTableUnit, moneyTotals, tolerance } from './money-totals.ts';
import type { Finding } from './types.ts';

const SLASH = '/';

/**
 * The 成本指标 amounts should add up to the project's money (DOMAIN.md §1). Whole amounts count
 * as written (万元/元 converted; a bare number is in the table's unit). A price per unit
 * (0.52万元/套) counts as price × the quantity of the 数量指标 row of the same name, when there
 * is one (seed 000's first table adds up to 284 this way); otherwise the sum is only a lower
 * bound and is reported only when it already exceeds the money. Cost rows under another 一级
 * (a layout slip) still count. Matching any of 年度资金总额/项目总额/本级资金 is enough.
 */
export function checkCostSum(ctx: TableContext, out: Finding[]): void {
  const { cost } = ctx.config.ruleSet;
  const costRows = ctx.rows.filter((r) => r.level2 === cost && !r.blank && !r.notApplicable && r.value.trim());
  if (costRows.length === 0) return;
  const quantities = new Map<string, RowInfo>();
  for (const r of ctx.rows) if (r.level2 === '数量指标' && r.key && !quantities.has(r.key)) quantities.set(r.key, r);

  let sum = 0;
  let counted = 0;
  let unresolved = 0;
  const estimates: string[] = [];
  for (const row of costRows) {
    const v = row.parsed;
    const amount = moneyInWan(v) ?? (v.kind === 'quantitative' && v.unit === '' ? (v.number ?? 0) * ctx.wanPerMoneyUnit : undefined);
    if (amount !== undefined) {
      sum += amount;
      counted++;
    } else if (isPerUnit(v)) {
      const unit = v.unit ?? '';
      const price = (v.number ?? 0) * (wanPerUnit(unit.slice(0, unit.indexOf(SLASH))) ?? Number.NaN);
      const q = quantities.get(row.key)?.parsed;
      if (q?.kind === 'quantitative' && q.number !== undefined && Number.isFinite(price)) {
        sum += price * q.number;
        counted++;
        estimates.push(`${row.name} ${v.text.trim()}×${q.text.trim()}`);
      } else {
        unresolved++;
      }
    }
  }
  const target = { kind: 'group', level1: '产出指标', level2: cost } as const;
  if (counted === 0) {
    if (unresolved === 0) out.push(finding('cost.no-amount', '成本指标中没有金额，无法与资金总额核对', target));
    return;
  }
  const totals = moneyTotals(ctx);
  const main = totals[0];
  if (!main) return;
  const u = ctx.moneyUnit;
  const shownSum = `${fmt(inTableUnit(ctx, sum))}${u}`;
  const estimated = estimates.length > 0 ? `（含按单价×数量估算：${estimates.join('；')}）` : '';
  if (unresolved > 0) {
    const max = Math.max(...totals.map((t) => t.wan));
    if (sum <= max + tolerance(ctx, max)) return;
    out.push(
      finding(
        'cost.sum',
        `成本指标中可计算的金额合计已达${shownSum}${estimated}，超过${main.label}${fmt(inTableUnit(ctx, main.wan))}${u}`,
        target,
      ),
    );
    return;
  }
  if (totals.some((t) => Math.abs(sum - t.wan) <= tolerance(ctx, t.wan))) return;
  const unitSlip = totals.some(
    (t) => Math.abs(sum * 10000 - t.wan) <= tolerance(ctx, t.wan) || Math.abs(sum / 10000 - t.wan) <= tolerance(ctx, t.wan),
  )
    ? '，疑似元与万元混用'
    : '';
  const others = totals
    .slice(1)
    .filter((t) => t.wan !== main.wan)
    .map((t) => `${t.label}${fmt(inTableUnit(ctx, t.wan))}${u}`);
  const also = others.length > 0 ? `，也不等于${others.join('、')}` : '';
  out.push(
    finding(
      'cost.sum',
      `成本指标金额合计${shownSum}${estimated}，与${main.label}${fmt(inTableUnit(ctx, main.wan))}${u}不符，相差${fmt(inTableUnit(ctx, Math.abs(sum - main.wan)))}${u}${also}${unitSlip}`,
      target,
    ),
  );
}
