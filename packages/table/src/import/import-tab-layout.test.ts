import { describe, expect, it } from 'vitest';
import { TableDoc } from '../table-doc.ts';
import { importPublishedText } from './import-published-text.ts';
import { readSeed } from './seed-fixtures.ts';
import type { ImportedTable } from './types.ts';

const rows = (t: ImportedTable) => t.table.indicators;
const find = (t: ImportedTable, name: string) => rows(t).find((r) => r.name === name);
const count = (t: ImportedTable, level2: string) => rows(t).filter((r) => r.level2 === level2).length;

describe('seed 000 (tab-separated, 万元)', () => {
  const result = importPublishedText(readSeed('000'));
  const [t1, t2, t3, t4] = result.tables as [ImportedTable, ImportedTable, ImportedTable, ImportedTable];

  it('finds the 4 tables and nothing outside them', () => {
    expect(result.tables).toHaveLength(4);
    expect(result.doubts).toEqual([]);
    expect(result.tables.map((t) => t.source)).toEqual([
      { startLine: 3, endLine: 51 },
      { startLine: 53, endLine: 91 },
      { startLine: 93, endLine: 122 },
      { startLine: 124, endLine: 148 },
    ]);
  });

  it('table 1: reads the shifted header and keeps every published row', () => {
    expect(t1.table.header).toEqual({
      year: '2026',
      moneyUnit: '万元',
      projectName: '自治区医疗保障局专项业务费',
      department: '宁夏回族自治区医疗保障局',
      implementingUnit: '宁夏回族自治区医疗保障局本级',
      attribute: '经常性项目',
      period: '99年',
      projectTotal: '284',
      annualTotal: '284',
      localTotal: '284',
      localFiscal: '284',
      localOther: '0',
      localCarryover: '0',
      transferRegion: '0',
    });
    expect(t1.table.goal).toMatch(/^该项目主要用于全区医保业务培训/);
    expect(t1.table.goal).toMatch(/不成为“唐僧肉”$/);
    expect(rows(t1)).toHaveLength(31);
    expect(count(t1, '数量指标')).toBe(10);
    expect(count(t1, '成本指标')).toBe(11);
    expect(find(t1, '全区医保基金监管区内（外）、异地核查、调研摸底差旅支出')).toMatchObject({
      level1: '产出指标',
      level2: '数量指标',
      value: '≥1700人次',
    });
    expect(find(t1, '医疗保障业务劳务费')?.value).toBe('≥8次235人');
    expect(find(t1, '年度项目预算完成时限')?.value).toBe('12月15日前');
  });

  it('table 1: rows that lost their leading cells stay under 成本指标, flagged', () => {
    expect(find(t1, '医疗保障委托第三方服务项目-法律顾问服务')?.value).toBe('不限次数');
    const cost = rows(t1).filter((r) => r.level2 === '成本指标' && r.level1 === '产出指标');
    expect(cost.map((r) => r.value)).toEqual([
      '0.52万元/套',
      '419元/人',
      '1.6万元/台',
      '650元/次',
      '12.16万元',
      '20万元',
      '25.33万元',
      '27万元',
      '31万元',
      '56.54万元',
    ]);
    for (const line of [41, 42, 43, 44, 45]) {
      expect(t1.doubts.some((d) => d.line === line && d.message.includes('缺少一级、二级指标'))).toBe(true);
    }
  });

  it('table 1: keeps the odd 一级 of misplaced rows and flags them', () => {
    // a 成本 line published under 效益指标
    expect(rows(t1)[25]).toMatchObject({
      level1: '效益指标',
      level2: '成本指标',
      name: '专用通信网络租赁及办公区域电脑维修维护',
      value: '23.925万元',
    });
    expect(t1.doubts.find((d) => d.line === 46)?.message).toContain('不是标准二级指标');
    // the 可持续影响 row published under 满意度指标
    expect(find(t1, '持续解决解决老百姓看病报销、报销比例问题，解决参保人员普及率')).toMatchObject({
      level1: '满意度指标',
      level2: '可持续影响指标',
      value: '逐年提高',
    });
    expect(t1.doubts.find((d) => d.line === 50)?.message).toContain('原文列在「满意度指标」下');
    // short 二级 names are normalised
    expect(find(t1, '参保群众知晓率')).toMatchObject({ level1: '效益指标', level2: '社会效益指标', value: '≥75%' });
    expect(find(t1, '参保群众对医保业务满意度')?.level2).toBe('服务对象满意度指标');
  });

  it('table 1: flags the header cells it had to guess or could not find', () => {
    const lines = t1.doubts.map((d) => d.line);
    expect(lines).toEqual(expect.arrayContaining([10, 14, 16, 18]));
    expect(t1.doubts.find((d) => d.line === 10)?.message).toContain('实施单位');
    expect(t1.doubts.find((d) => d.line === 14)?.message).toContain('转移市县（区）资金');
    expect(t1.doubts.every((d) => d.text === readSeed('000').split('\n')[d.line - 1])).toBe(true);
  });

  it('table 2: money split between 本级 and 转移', () => {
    expect(t2.table.header).toMatchObject({
      projectName: '自治区医疗保障局2026年医疗服务与保障能力提升补助资金',
      attribute: '一年期项目',
      projectTotal: '2692',
      annualTotal: '2692',
      localTotal: '1942',
      localFiscal: '1942',
      transferTotal: '750',
      transferCentral: '750',
      transferRegion: '0',
    });
    expect(rows(t2)).toHaveLength(24);
    expect(find(t2, '项目资金投入数')).toMatchObject({ level2: '成本指标', value: '1942万元' });
    expect(find(t2, '医保信息系统运行维护响应时间')?.value).toBe('≤30分钟');
    expect(rows(t2).filter((r) => r.name === '不涉及')).toHaveLength(2);
    expect(t2.doubts).toEqual([]);
  });

  it('table 3: the 68040 vs 50814 mismatch is imported as published', () => {
    expect(t3.table.header).toMatchObject({
      projectName: '自治区医疗保障局2026年城乡医疗救助补助资金',
      annualTotal: '50814',
      localTotal: '0',
      transferTotal: '50814',
      transferCentral: '27814',
      transferRegion: '23000',
    });
    expect(t3.table.goal).toContain('68040万元');
    expect(find(t3, '资金投入')?.value).toBe('68040万元');
    expect(rows(t3)).toHaveLength(13);
    expect(find(t3, '对健全医疗保障制度体系的作用')).toMatchObject({ level1: '效益指标', level2: '可持续影响指标' });
    expect(t3.doubts.map((d) => d.line)).toEqual([121]);
  });

  it('table 4', () => {
    expect(t4.table.header).toMatchObject({
      projectName: '医疗服务与保障能力提升补助资金（整改资金）',
      projectTotal: '165',
      localFiscal: '165',
      moneyUnit: '万元',
    });
    expect(rows(t4)).toHaveLength(9);
    expect(find(t4, '退回时间')?.value).toBe('2026年4月前');
    expect(find(t4, '退回未按规定使用资金金额')?.value).toBe('165.62万元');
    expect(t4.doubts).toEqual([]);
  });

  it('loads into a TableDoc unchanged', () => {
    const doc = new TableDoc();
    doc.load(t2.table);
    const json = doc.toJSON();
    expect(json.header).toEqual(t2.table.header);
    expect(json.indicators.map(({ id: _id, ...r }) => r)).toEqual(t2.table.indicators);
  });
});

describe('seed 003 (tab-separated, 元)', () => {
  const result = importPublishedText(readSeed('003'));
  const tables = result.tables;

  it('finds the 6 tables without doubts', () => {
    expect(tables).toHaveLength(6);
    expect(result.doubts).toEqual([]);
    expect(tables.flatMap((t) => t.doubts)).toEqual([]);
    for (const t of tables) {
      expect(t.table.header.moneyUnit).toBe('元');
      expect(t.table.header.year).toBe('2026');
      expect(rows(t)).toHaveLength(9);
    }
  });

  it('table 1', () => {
    const t = tables[0]!;
    expect(t.table.header).toEqual({
      year: '2026',
      moneyUnit: '元',
      projectName: '离休人员、二等乙级以上革命伤残军人医疗保险及大病倾斜县级配套资金',
      department: '平罗县医疗保障局',
      implementingUnit: '平罗县医疗保障局',
      attribute: '常年性项目',
      period: '1 年',
      fundOffice: '社保室',
      projectTotal: '2000000.00',
      annualTotal: '2000000.00',
    });
    expect(rows(t)[0]).toEqual({
      level1: '产出指标',
      level2: '数量指标',
      name: '离休及二等乙级伤残革命军人及参加城乡居民医疗保险参保困难居民',
      value: '20 人; 2.8 万人',
    });
    expect(find(t, '项目完成时限')?.value).toBe('2026 年 12 月前');
    expect(rows(t).find((r) => r.level2 === '成本指标')?.value).toBe('2000000.00 元');
    expect(rows(t).find((r) => r.level2 === '经济效益指标')).toMatchObject({ name: '无', value: '无' });
    expect(t.source).toEqual({ startLine: 3, endLine: 23 });
  });

  it('project names and amounts of every table', () => {
    expect(tables.map((t) => [t.table.header.projectName, t.table.header.projectTotal])).toEqual([
      ['离休人员、二等乙级以上革命伤残军人医疗保险及大病倾斜县级配套资金', '2000000.00'],
      ['城乡居民医疗保险县级补助资金', '14000000.00'],
      ['医疗保障事务工作经费', '180000.00'],
      ['医疗服务与保障能力提升（医疗保障服务能力建设部分）', '160000.00'],
      ['医疗保障经办服务能力提升工作资金', '300000.00'],
      ['医疗救助县级补助配套资金', '2780000.00'],
    ]);
    expect(find(tables[1]!, '县级财政补助标准每人每年')?.value).toBe('54元');
    expect(find(tables[4]!, '全县定点医疗机构监督检查覆盖')?.value).toBe('198家');
    expect(find(tables[5]!, '全县医疗救助人次')?.value).toBe('60063人');
    expect(rows(tables[5]!).at(-1)).toMatchObject({ level2: '服务对象满意度指标', value: '≥90%' });
  });
});
