import type { ParsedValue } from './types.ts';

/** Money units and their size in 万元 (the unit most tables use). */
const WAN_PER_UNIT: Readonly<Record<string, number>> = {
  元: 0.0001,
  千元: 0.1,
  万元: 1,
  百万元: 100,
  亿元: 10000,
};

/** Units of elapsed time: a 时效 value such as '24小时' or '≤30分钟' is a period, not a date. */
const DURATION_UNITS = new Set([
  '秒',
  '分钟',
  '小时',
  '个小时',
  '天',
  '日',
  '个工作日',
  '工作日',
  '周',
  '个月',
  '月',
  '年',
]);

/** A price per something: '0.52万元/套', '419元/人'. */
export function isPerUnit(value: ParsedValue): boolean {
  return value.kind === 'quantitative' && (value.unit ?? '').includes('/');
}

export function isPercent(value: ParsedValue): boolean {
  return value.kind === 'quantitative' && value.unit === '%';
}

export function isDuration(value: ParsedValue): boolean {
  return value.kind === 'quantitative' && DURATION_UNITS.has(value.unit ?? '');
}

/** The factor to 万元 of a money unit ('元' → 0.0001), undefined for other units. */
export function wanPerUnit(unit: string): number | undefined {
  return WAN_PER_UNIT[unit];
}

/**
 * A money amount (元, 万元, 亿元 …; not a per-unit price) in 万元. For a compound value, the
 * amount of its only money part ('100 人次 1万元' → 1).
 */
export function moneyInWan(value: ParsedValue): number | undefined {
  if (value.kind === 'compound') {
    const amounts = (value.parts ?? []).map(moneyInWan).filter((a) => a !== undefined);
    return amounts.length === 1 ? amounts[0] : undefined;
  }
  if (value.kind !== 'quantitative' || value.number === undefined) return undefined;
  const factor = WAN_PER_UNIT[value.unit ?? ''];
  return factor === undefined ? undefined : value.number * factor;
}

/** True when the value holds a number anywhere (a quantity or a compound of quantities). */
export function hasNumber(value: ParsedValue): boolean {
  return value.kind === 'quantitative' || value.kind === 'compound';
}
