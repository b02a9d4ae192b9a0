import { formatDate, impossibleDateReason } from '../value/parse-date.ts';
import type { ParsedValue } from '../value/types.ts';
import { hasNumber, isDuration, isPercent, isPerUnit, moneyInWan } from '../value/units.ts';
import type { RowInfo, TableContext } from './context.ts';
import { finding, fmt, rowLabel, rowTarget } from './finding.ts';
import { formatPeriod, type ProjectPeriod, parseProjectPeriod } from './project-period.ts';
import type { Finding } from './types.ts';

interface RowScope {
  ctx: TableContext;
  period: ProjectPeriod | undefined;
  needsNumber: ReadonlySet<string>;
  needsDate: ReadonlySet<string>;
  satisfaction: ReadonlySet<string>;
}

/** Per-row checks of names and 指标值; not-applicable and untouched rows are skipped. */
export function checkRows(ctx: TableContext, out: Finding[]): void {
  const { ruleSet } = ctx.config;
  const scope: RowScope = {
    ctx,
    period: parseProjectPeriod(ctx.table.header.period ?? '', ctx.year),
    needsNumber: new Set(ruleSet.needsNumber),
    needsDate: new Set(ruleSet.needsDate),
    satisfaction: new Set(ruleSet.satisfaction),
  };
  for (const row of ctx.rows) {
    if (row.blank) continue;
    if (!row.name) {
      out.push(finding('indicator.name-empty', `「${row.level2}」下有指标值「${row.value.trim()}」的行没有三级指标名称`, rowTarget(row, 'name')));
    }
    if (row.notApplicable) continue;
    if (row.parsed.kind === 'empty') {
      out.push(finding('indicator.value-empty', `${rowLabel(row)}没有填写指标值`, rowTarget(row, 'value')));
      continue;
    }
    checkValue(scope, row, out);
  }
}

function checkValue(scope: RowScope, row: RowInfo, out: Finding[]): void {
  const { ctx } = scope;
  const v = row.parsed;
  const target = rowTarget(row, 'value');
  const shown = `「${row.value.trim()}」`;
  if (scope.needsNumber.has(row.level2) && !hasNumber(v)) {
    out.push(finding('value.needs-number', `${rowLabel(row)}的指标值${shown}不是定量数值`, target));
  } else if (row.level2 === ctx.config.ruleSet.cost && hasNumber(v) && moneyInWan(v) === undefined && !isPerUnit(v) && v.unit !== '') {
    out.push(finding('cost.not-money', `${rowLabel(row)}的指标值${shown}不是金额`, target));
  }
  // A date, a duration (24小时) or an on-time rate (100%) all state a time target.
  if (scope.needsDate.has(row.level2) && v.kind !== 'deadline' && !isDuration(v) && !isPercent(v)) {
    out.push(finding('value.needs-date', `${rowLabel(row)}的指标值${shown}不是日期或时限`, target));
  }
  for (const p of v.parts ?? [v]) {
    if (isPercent(p) && p.number !== undefined && (p.number < 0 || p.number > 100)) {
      out.push(finding('value.percent-range', `${rowLabel(row)}的百分比${fmt(p.number)}%不在0–100%之间`, target));
    }
  }
  if (scope.satisfaction.has(row.level2) && (v.comparator === '≤' || v.comparator === '<')) {
    out.push(
      finding(
        'satisfaction.comparator',
        `${rowLabel(row)}写作${shown}（${v.comparator}），满意度目标通常为 ≥ 或 >`,
        target,
      ),
    );
  }
  if (v.kind === 'deadline' && v.date) {
    const reason = impossibleDateReason(v.date);
    if (reason) out.push(finding('date.impossible', `${rowLabel(row)}的指标值${shown}：${reason}`, target));
    else checkInPeriod(scope, row, v, out);
    return;
  }
  if (v.doubts.length > 0) {
    out.push(finding('value.doubt', `${rowLabel(row)}的指标值${shown}：${v.doubts.join('；')}`, target));
  }
}

function checkInPeriod(scope: RowScope, row: RowInfo, v: ParsedValue, out: Finding[]): void {
  const { period } = scope;
  const date = v.date;
  if (!period || period.start === undefined || !date) return;
  let year = date.year ?? scope.ctx.year;
  if (year === undefined) return;
  // '2022年1月前' / '2022年1月1日前' ends within 2021.
  if (date.bound === 'before' && date.month === 1 && (date.day === undefined || date.day === 1)) year--;
  const end = period.end;
  if (year >= period.start && (end === undefined || year <= end)) return;
  out.push(
    finding(
      'date.outside-period',
      `${rowLabel(row)}的时限「${formatDate(date)}」不在项目期${formatPeriod(period)}内`,
      rowTarget(row, 'value'),
    ),
  );
}
