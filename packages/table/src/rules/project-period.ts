/**
 * 项目期 as a year range: '2021年-2021年', '2022-2022', '2021年' = those years; 'n年' = n years
 * from the table's year; '99年' (and 长期) = open-ended. undefined = not readable.
 */
export interface ProjectPeriod {
  start?: number;
  /** Absent = open-ended. */
  end?: number;
}

const SPACES = /\s+/g;
const RANGE = /^(\d{4})年?度?(?:-|—|–|~|至|到)(\d{4})年?度?$/;
const SINGLE = /^(\d{4})年?度?$/;
const YEARS = /^(\d{1,2})年$/;
const OPEN = /^(长期|常年|长期项目|持续)$/;
/** 99年 is how the budget system writes "no end". */
const OPEN_ENDED_YEARS = 99;

export function parseProjectPeriod(period: string, year: number | undefined): ProjectPeriod | undefined {
  const t = period.replace(SPACES, '');
  const range = RANGE.exec(t);
  if (range) return { start: Number(range[1]), end: Number(range[2]) };
  const single = SINGLE.exec(t);
  if (single) return { start: Number(single[1]), end: Number(single[1]) };
  const years = YEARS.exec(t);
  if (years) {
    const n = Number(years[1]);
    if (n >= OPEN_ENDED_YEARS || year === undefined) return year === undefined ? {} : { start: year };
    if (n < 1) return undefined;
    return { start: year, end: year + n - 1 };
  }
  if (OPEN.test(t)) return year === undefined ? {} : { start: year };
  return undefined;
}

export function formatPeriod(p: ProjectPeriod): string {
  if (p.start === undefined) return '（起止未知）';
  if (p.end === undefined) return `${p.start}年起（长期）`;
  return p.start === p.end ? `${p.start}年` : `${p.start}年-${p.end}年`;
}
