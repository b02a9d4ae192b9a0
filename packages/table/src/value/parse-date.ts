import type { DateBound, ValueDate } from './types.ts';

/**
 * Dates and deadlines: 12月15日前, 2026年4月前, 2021年12月, 不晚于2021年12月底, 年底前,
 * 2021年12月20号之前, 2021.12.31, optionally followed by a verb (完成, 到位 …). Spaces are
 * removed first ('2026 年 12 月前').
 */
const CN_DATE =
  /^(不晚于|不迟于|截至|截止到|截止|于|在)?(?:(\d{4})年)?(?:(\d{1,2})月份?)?(?:(\d{1,2})[日号])?(年底|年末|底|末)?(之前|以前|前|止)?(完成|完毕|到位|结束|办结|上线|验收|使用完毕)?$/;
const NUM_DATE =
  /^(不晚于|不迟于|截至|截止到|截止|于|在)?(\d{4})[./-](\d{1,2})(?:[./-](\d{1,2}))?(之前|以前|前|止)?(完成|完毕|到位|结束|办结|上线|验收|使用完毕)?$/;
const SPACES = /\s+/g;

function bound(prefix: string | undefined, end: string | undefined, suffix: string | undefined): DateBound {
  if (end) return 'end-of';
  if (suffix === '止' || prefix === '不晚于' || prefix === '不迟于' || prefix?.startsWith('截')) return 'by';
  if (suffix) return 'before';
  return 'on';
}

function num(s: string | undefined): number | undefined {
  return s === undefined ? undefined : Number(s);
}

/** The date in a normalised value, or undefined when the text is not a date. */
export function parseDate(normalized: string): ValueDate | undefined {
  const t = normalized.replace(SPACES, '');
  const n = NUM_DATE.exec(t);
  if (n) {
    const date: ValueDate = { year: num(n[2]), month: num(n[3]), bound: bound(n[1], undefined, n[5]) };
    if (n[4] !== undefined) date.day = Number(n[4]);
    return date;
  }
  const m = CN_DATE.exec(t);
  if (!m) return undefined;
  const [, prefix, year, month, day, end, suffix] = m;
  const yearEnd = end === '年底' || end === '年末' || (end !== undefined && month === undefined);
  // Something must name a time: a year, a month, or 年底; a day needs its month.
  if (year === undefined && month === undefined && !(end === '年底' || end === '年末')) return undefined;
  if (day !== undefined && month === undefined) return undefined;
  if ((end === '年底' || end === '年末') && (month !== undefined || day !== undefined)) return undefined;
  const date: ValueDate = { bound: bound(prefix, end, suffix) };
  if (year !== undefined) date.year = Number(year);
  if (month !== undefined) date.month = Number(month);
  else if (yearEnd) date.month = 12;
  if (day !== undefined) date.day = Number(day);
  return date;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Why the date cannot exist (2021年11月31日), in Chinese; undefined when it can. */
export function impossibleDateReason(date: ValueDate): string | undefined {
  const { year, month, day } = date;
  if (month !== undefined && (month < 1 || month > 12)) return `日期不存在：没有${month}月`;
  if (month === undefined || day === undefined) return undefined;
  if (day < 1) return `日期不存在：没有${day}日`;
  const max = month === 2 && year !== undefined && !isLeap(year) ? 28 : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day > max) {
    const y = year === undefined ? '' : `${year}年`;
    return `日期不存在：${y}${month}月只有${max}天，没有${day}日`;
  }
  return undefined;
}

/** The date written back in Chinese, for messages. */
export function formatDate(date: ValueDate): string {
  const y = date.year === undefined ? '' : `${date.year}年`;
  const m = date.month === undefined ? '' : `${date.month}月`;
  const d = date.day === undefined ? '' : `${date.day}日`;
  return `${y}${m}${d}` || '年底';
}
