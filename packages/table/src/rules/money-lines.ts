import { MONEY_FIELDS, type MoneyField } from '../fields.ts';
import type { TableContext } from './context.ts';
import { finding, fmt } from './finding.ts';
import type { Finding } from './types.ts';

/** Published money has at most two decimals: anything under half a cent is rounding. */
const EPSILON = 0.005;

function label(field: MoneyField): string {
  return MONEY_FIELDS[field];
}

/**
 * total = sum of parts. With every part present, they must be equal; with some parts blank
 * (blank may be 0 or not imported), the written parts may still not exceed the total.
 */
function checkSum(ctx: TableContext, rule: string, total: MoneyField, parts: readonly MoneyField[], out: Finding[]): void {
  const t = ctx.money[total];
  if (t === undefined || Number.isNaN(t)) return;
  const written = parts.filter((p) => ctx.money[p] !== undefined);
  if (written.length === 0 || written.some((p) => Number.isNaN(ctx.money[p]))) return;
  const sum = written.reduce((s, p) => s + (ctx.money[p] ?? 0), 0);
  const u = ctx.moneyUnit;
  const terms = written.map((p) => `${label(p)}${fmt(ctx.money[p] ?? 0)}`).join(' + ');
  if (written.length === parts.length) {
    if (Math.abs(sum - t) <= EPSILON) return;
    out.push(
      finding(
        rule,
        `${label(total)}${fmt(t)}${u}，但 ${terms} = ${fmt(sum)}${u}，相差${fmt(Math.abs(t - sum))}${u}`,
        { kind: 'header', field: total },
      ),
    );
  } else if (sum > t + EPSILON) {
    out.push(
      finding(
        rule,
        `${label(total)}${fmt(t)}${u}，但已填的 ${terms} = ${fmt(sum)}${u}，已超出${fmt(sum - t)}${u}`,
        { kind: 'header', field: total },
      ),
    );
  }
}

/** The header's money lines: numbers, present, and adding up (DOMAIN.md §1). */
export function checkMoneyLines(ctx: TableContext, out: Finding[]): void {
  const { header } = ctx.table;
  for (const field of Object.keys(MONEY_FIELDS) as MoneyField[]) {
    const n = ctx.money[field];
    if (n !== undefined && (Number.isNaN(n) || n < 0)) {
      out.push(
        finding('money.not-number', `${label(field)}「${header[field] ?? ''}」不是有效金额（应为不小于0的数字）`, {
          kind: 'header',
          field,
        }),
      );
    }
  }
  if (ctx.money.annualTotal === undefined) {
    out.push(finding('money.total-missing', '未填写年度资金总额', { kind: 'header', field: 'annualTotal' }));
  }
  checkSum(ctx, 'money.sum-annual', 'annualTotal', ['localTotal', 'transferTotal'], out);
  checkSum(ctx, 'money.sum-local', 'localTotal', ['localFiscal', 'localOther', 'localCarryover'], out);
  checkSum(ctx, 'money.sum-transfer', 'transferTotal', ['transferCentral', 'transferRegion'], out);
  const project = ctx.money.projectTotal;
  const annual = ctx.money.annualTotal;
  if (project !== undefined && annual !== undefined && project + EPSILON < annual) {
    out.push(
      finding(
        'money.project-below-annual',
        `项目总额${fmt(project)}${ctx.moneyUnit}小于年度资金总额${fmt(annual)}${ctx.moneyUnit}`,
        { kind: 'header', field: 'projectTotal' },
      ),
    );
  }
}
