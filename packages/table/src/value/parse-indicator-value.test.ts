import { describe, expect, it } from 'vitest';
import { parseIndicatorValue } from './parse-indicator-value.ts';
import { seedTables } from './seed-tables.ts';
import type { Comparator, ParsedValue, ValueDate } from './types.ts';

type Q = readonly [text: string, comparator: Comparator | '', number: number, unit: string];

/** Every quantity published in the seeds, plus the forms DOMAIN.md lists. */
const QUANTITIES: readonly Q[] = [
  ['10套', '', 10, '套'],
  ['≥1700人次', '≥', 1700, '人次'],
  ['1台', '', 1, '台'],
  ['≥158人次', '≥', 158, '人次'],
  ['5项', '', 5, '项'],
  ['1次', '', 1, '次'],
  ['≥80%', '≥', 80, '%'],
  ['0.52万元/套', '', 0.52, '万元/套'],
  ['419元/人', '', 419, '元/人'],
  ['1.6万元/台', '', 1.6, '万元/台'],
  ['650元/次', '', 650, '元/次'],
  ['12.16万元', '', 12.16, '万元'],
  ['20万元', '', 20, '万元'],
  ['25.33万元', '', 25.33, '万元'],
  ['27万元', '', 27, '万元'],
  ['31万元', '', 31, '万元'],
  ['56.54万元', '', 56.54, '万元'],
  ['23.925万元', '', 23.925, '万元'],
  ['≥75%', '≥', 75, '%'],
  ['≥85%', '≥', 85, '%'],
  ['≥90%', '≥', 90, '%'],
  ['≥1', '≥', 1, ''],
  ['100%', '', 100, '%'],
  ['≥2', '≥', 2, ''],
  ['≤30分钟', '≤', 30, '分钟'],
  ['≤60分钟', '≤', 60, '分钟'],
  ['1942万元', '', 1942, '万元'],
  ['≥99%', '≥', 99, '%'],
  ['≥70%', '≥', 70, '%'],
  ['68040万元', '', 68040, '万元'],
  ['1项', '', 1, '项'],
  ['165.62万元', '', 165.62, '万元'],
  ['3台', '', 3, '台'],
  ['10台', '', 10, '台'],
  ['5台', '', 5, '台'],
  ['99%', '', 99, '%'],
  ['3.5万元', '', 3.5, '万元'],
  ['7万元', '', 7, '万元'],
  ['0.2万元', '', 0.2, '万元'],
  ['2.5万元', '', 2.5, '万元'],
  ['1.5万元', '', 1.5, '万元'],
  ['0.42万元', '', 0.42, '万元'],
  ['95%', '', 95, '%'],
  ['24小时', '', 24, '小时'],
  ['0.92万元', '', 0.92, '万元'],
  ['1.75万元', '', 1.75, '万元'],
  ['0.955万元', '', 0.955, '万元'],
  ['0.95万元', '', 0.95, '万元'],
  ['6.5万元', '', 6.5, '万元'],
  ['0.925万元', '', 0.925, '万元'],
  ['90%', '', 90, '%'],
  ['1500人次', '', 1500, '人次'],
  ['400人次', '', 400, '人次'],
  ['22万元', '', 22, '万元'],
  ['67.5万元', '', 67.5, '万元'],
  ['≥2次', '≥', 2, '次'],
  ['≥1次', '≥', 1, '次'],
  ['≥2个试点', '≥', 2, '个试点'],
  ['≥ 90%', '≥', 90, '%'],
  ['500万元', '', 500, '万元'],
  ['1810万元', '', 1810, '万元'],
  ['252万元', '', 252, '万元'],
  ['5700万元', '', 5700, '万元'],
  ['≥90人', '≥', 90, '人'],
  ['每年1次', '', 1, '次'],
  ['开展一次', '', 1, '次'],
  ['不少于120次', '≥', 120, '次'],
  ['≥10次', '≥', 10, '次'],
  ['开展1次', '', 1, '次'],
  ['≥6次', '≥', 6, '次'],
  ['计划2655人次', '', 2655, '人次'],
  ['50.5万元', '', 50.5, '万元'],
  ['12万元', '', 12, '万元'],
  ['16万元', '', 16, '万元'],
  ['135.5万元', '', 135.5, '万元'],
  ['19.88万元', '', 19.88, '万元'],
  ['50万元', '', 50, '万元'],
  ['10万元', '', 10, '万元'],
  ['4万元', '', 4, '万元'],
  ['5万元', '', 5, '万元'],
  ['32万元', '', 32, '万元'],
  ['≥95%', '≥', 95, '%'],
  ['2000000.00 元', '', 2000000, '元'],
  ['2000000.00元', '', 2000000, '元'],
  ['≥98%', '≥', 98, '%'],
  ['54元', '', 54, '元'],
  ['14000000.00元', '', 14000000, '元'],
  ['10000份', '', 10000, '份'],
  ['180000.00元', '', 180000, '元'],
  ['160000.00元', '', 160000, '元'],
  ['198家', '', 198, '家'],
  ['300000.00元', '', 300000, '元'],
  ['60063人', '', 60063, '人'],
  ['2780000.00元', '', 2780000, '元'],
  ['15 名', '', 15, '名'],
  ['25 名', '', 25, '名'],
  ['200 名', '', 200, '名'],
  ['不超过 7.5 万元', '≤', 7.5, '万元'],
  ['1套', '', 1, '套'],
  ['1万元', '', 1, '万元'],
  ['不超预算 2.5 万元', '≤', 2.5, '万元'],
  ['2名', '', 2, '名'],
  ['2次', '', 2, '次'],
  ['不超过预算 4万元', '≤', 4, '万元'],
  ['500 人', '', 500, '人'],
  ['不超过 2万元', '≤', 2, '万元'],
  // Forms named in DOMAIN.md and the brief that the seeds do not happen to use.
  ['＞150次', '>', 150, '次'],
  ['＜5%', '<', 5, '%'],
  ['＝100%', '=', 100, '%'],
  ['≧95%', '≥', 95, '%'],
  ['≦3天', '≤', 3, '天'],
  ['>=90%', '≥', 90, '%'],
  ['<=30分钟', '≤', 30, '分钟'],
  ['> 80%', '>', 80, '%'],
  ['=1', '=', 1, ''],
  ['70%左右', '≈', 70, '%'],
  ['约50人', '≈', 50, '人'],
  ['≥4960000', '≥', 4960000, ''],
  ['不低于90%', '≥', 90, '%'],
  ['不高于5%', '≤', 5, '%'],
  ['大于80%', '>', 80, '%'],
  ['小于10分钟', '<', 10, '分钟'],
  ['达到95%', '≥', 95, '%'],
  ['90%以上', '≥', 90, '%'],
  ['5%以下', '≤', 5, '%'],
  ['100 人次 以上', '≥', 100, '人次'],
  ['３个月', '', 3, '个月'],
  ['１２０次', '', 120, '次'],
  ['1,000万元', '', 1000, '万元'],
  ['2亿元', '', 2, '亿元'],
  ['0.52 万元/套', '', 0.52, '万元/套'],
];

type D = readonly [text: string, date: ValueDate, doubt?: string];

const DEADLINES: readonly D[] = [
  ['12月15日前', { month: 12, day: 15, bound: 'before' }],
  ['2026年4月前', { year: 2026, month: 4, bound: 'before' }],
  ['2021年12月', { year: 2021, month: 12, bound: 'on' }],
  ['2021年12月10日前', { year: 2021, month: 12, day: 10, bound: 'before' }],
  ['不晚于2021年12月底', { year: 2021, month: 12, bound: 'end-of' }],
  ['2021年12月20号之前', { year: 2021, month: 12, day: 20, bound: 'before' }],
  ['2026 年 12 月前', { year: 2026, month: 12, bound: 'before' }],
  ['2026年12月前', { year: 2026, month: 12, bound: 'before' }],
  ['2022 年 12 月前', { year: 2022, month: 12, bound: 'before' }],
  ['2021年11月31日', { year: 2021, month: 11, day: 31, bound: 'on' }, '2021年11月只有30天'],
  ['年底前', { month: 12, bound: 'end-of' }],
  ['2021年底', { year: 2021, month: 12, bound: 'end-of' }],
  ['截至2021年6月30日', { year: 2021, month: 6, day: 30, bound: 'by' }],
  ['2021-12-31前', { year: 2021, month: 12, day: 31, bound: 'before' }],
  ['2021年12月31日前完成', { year: 2021, month: 12, day: 31, bound: 'before' }],
  ['2024年2月29日', { year: 2024, month: 2, day: 29, bound: 'on' }],
  ['2021年2月29日', { year: 2021, month: 2, day: 29, bound: 'on' }, '2月只有28天'],
  ['2021年13月', { year: 2021, month: 13, bound: 'on' }, '没有13月'],
];

type C = readonly [text: string, parts: string];

const COMPOUNDS: readonly C[] = [
  ['≥8次235人', '≥8次 | 235人'],
  ['20 人; 2.8 万人', '20人 | 2.8万人'],
  ['2万份 0.5 万元', '2万份 | 0.5万元'],
  ['100 人次 1万元', '100人次 | 1万元'],
  ['3-5天', '≥3天 | ≤5天'],
  ['80%~90%', '≥80% | ≤90%'],
];

/** Seed 指标值 without any number or date (定性), and the not-applicable answers. */
const QUALITATIVE: readonly string[] = [
  '不限次数',
  '不间断服务',
  '显著提升',
  '显著提高',
  '逐年提高',
  '全覆盖',
  '有所提高',
  '按时按要求落地执',
  '不涉及',
  '符合救助条件的对象按规定纳入救助范围',
  '明显提高',
  '有所缓解',
  '应保尽保',
  '成效明显',
  '长期有效',
  '长期坚持',
  '资金见效',
  '高效',
  '效果显著',
  '长期',
  '正常维护',
  '逐步提升',
  '参保比例逐年提高',
  '无',
  '有效缓解',
  '有效保障',
  '不断减轻',
  '有效提升',
  '成效显著',
  '成效提升',
  '良好',
  '及时',
  '负担减轻',
  '节约资金',
  '全面提升',
  '全面提升认识',
  '安装完成后全面运行',
  '安装完成后及时运行',
  '有所提升',
  '安全意识明显提升',
  '社会舆论、群众反映良好',
  '反映良好',
  '切实保障',
  '强化',
  '参保人员反映良好',
  '社会反映提高',
  '有所减轻',
  '一站式服务',
];

function partsText(v: ParsedValue): string {
  return (v.parts ?? []).map((p) => `${p.comparator ?? ''}${p.number}${p.unit}`).join(' | ');
}

describe('parseIndicatorValue', () => {
  it.each(QUANTITIES)('%s is a quantity', (text, comparator, number, unit) => {
    const v = parseIndicatorValue(text);
    expect(v.kind).toBe('quantitative');
    expect(v.comparator ?? '').toBe(comparator);
    expect(v.number).toBe(number);
    expect(v.unit).toBe(unit);
    expect(v.text).toBe(text);
    expect(v.doubts).toEqual([]);
  });

  const deadlines = DEADLINES.map(([text, date, doubt]) => ({ text, date, doubt: doubt ?? '' }));
  it.each(deadlines)('$text is a deadline', ({ text, date, doubt }) => {
    const v = parseIndicatorValue(text);
    expect(v.kind).toBe('deadline');
    expect(v.date).toEqual(date);
    expect(v.text).toBe(text);
    if (doubt) expect(v.doubts.join()).toContain(doubt);
    else expect(v.doubts).toEqual([]);
  });

  it.each(COMPOUNDS)('%s is compound', (text, parts) => {
    const v = parseIndicatorValue(text);
    expect(v.kind).toBe('compound');
    expect(partsText(v)).toBe(parts);
    expect(v.text).toBe(text);
  });

  it.each(QUALITATIVE)('%s is qualitative', (text) => {
    const v = parseIndicatorValue(text);
    expect(v.kind).toBe('qualitative');
    expect(v.number).toBeUndefined();
    expect(v.text).toBe(text);
  });

  it('reads empty and blank text as empty, keeping it', () => {
    expect(parseIndicatorValue('')).toEqual({ text: '', kind: 'empty', doubts: [] });
    expect(parseIndicatorValue(' \u3000')).toEqual({ text: ' \u3000', kind: 'empty', doubts: [] });
  });

  it('reports a tail it cannot read and a contradictory comparator', () => {
    expect(parseIndicatorValue('≥90% 覆盖').doubts.join()).toContain('覆盖');
    const v = parseIndicatorValue('≥90%以下');
    expect(v.comparator).toBe('≥');
    expect(v.doubts.join()).toContain('矛盾');
  });

  it('never throws on odd input', () => {
    for (const t of ['≥', '%', '万元', '年', '月底', '前', '—', '...', '1.2.3', '9'.repeat(400), '≥≥≥1', '/元']) {
      expect(parseIndicatorValue(t).text).toBe(t);
    }
  });
});

describe('every 指标值 in the 21 seed tables', () => {
  const known = new Set<string>([
    ...QUANTITIES.map((q) => q[0]),
    ...DEADLINES.map((d) => d[0]),
    ...COMPOUNDS.map((c) => c[0]),
    ...QUALITATIVE,
    '',
  ]);
  const seedValues = new Set(seedTables().flatMap((t) => t.table.indicators.map((r) => r.value)));

  it('there are 21 tables and their values are all in the tables above', () => {
    expect(seedTables()).toHaveLength(21);
    expect(seedValues.size).toBeGreaterThan(150);
    expect([...seedValues].filter((v) => !known.has(v))).toEqual([]);
  });

  it('parses each one, keeping its text', () => {
    for (const value of seedValues) {
      const v = parseIndicatorValue(value);
      expect(v.text).toBe(value);
    }
  });
});
