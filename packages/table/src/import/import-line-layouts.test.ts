import { describe, expect, it } from 'vitest';
import { importPublishedText } from './import-published-text.ts';
import { splitNameValue } from './name-value.ts';
import { readSeed } from './seed-fixtures.ts';
import type { ImportedTable } from './types.ts';

const rows = (t: ImportedTable) => t.table.indicators;
const find = (t: ImportedTable, name: string) => rows(t).find((r) => r.name === name);
const count = (t: ImportedTable, level2: string) => rows(t).filter((r) => r.level2 === level2).length;

describe('seed 001 (prefixed lines, pages merged)', () => {
  const result = importPublishedText(readSeed('001'));
  const tables = result.tables;

  it('finds 5 tables, merging the 4 pages of 专项业务费', () => {
    expect(tables.map((t) => t.table.header.projectName)).toEqual([
      '自治区医疗保障局2021年办公设备购置',
      '自治区医疗保障局2021年度机房设备运行维护费用',
      '自治区医疗保障局2021年培训费（补充）',
      '自治区医疗保障局2021年医疗服务与保障能力提升补助资金',
      '自治区医疗保障局2021年专项业务费',
    ]);
    expect(tables[4]!.source).toEqual({ startLine: 464, endLine: 926 });
    expect(rows(tables[4]!)).toHaveLength(31);
    expect(count(tables[4]!, '数量指标')).toBe(11);
    expect(count(tables[4]!, '成本指标')).toBe(11);
    expect(result.doubts).toEqual([]);
  });

  it('office equipment: header, money and cost lines adding up to 15.12', () => {
    const t = tables[0]!;
    expect(t.table.header).toEqual({
      year: '2021',
      moneyUnit: '万元',
      projectName: '自治区医疗保障局2021年办公设备购置',
      department: '宁夏回族自治区医疗保障局',
      implementingUnit: '宁夏回族自治区医疗保障局本级',
      attribute: '经常性项目',
      period: '2021年-2021年',
      annualTotal: '15.12',
      localTotal: '15.12',
      localFiscal: '15.12',
    });
    expect(t.table.goal).toMatch(/^购买办公设备：依据《自治区党委办公厅 人民政府办公厅/);
    expect(t.table.goal).toMatch(/持续保证我局工作正常运行。$/);
    expect(rows(t)).toHaveLength(19);
    const cost = rows(t).filter((r) => r.level2 === '成本指标').map((r) => Number.parseFloat(r.value));
    expect(cost.reduce((a, x) => a + x, 0)).toBeCloseTo(15.12);
    expect(find(t, '单位人员 满意度')).toMatchObject({ level1: '满意度指标', level2: '服务对象满意度指标', value: '95%' });
    // an empty optional 二级 is kept as an empty row
    expect(rows(t).find((r) => r.level2 === '经济效益指标')).toMatchObject({ name: '', value: '' });
    expect(t.doubts.map((d) => d.message)).toEqual(['「年度绩效目标（本级已分配资金）」暂无对应字段，未导入']);
  });

  it('keeps the impossible date and joins names wrapped over lines', () => {
    expect(find(tables[1]!, '指标1：项目计划11月31日前使用完毕')?.value).toBe('2021年11月31日');
    const t4 = tables[3]!;
    expect(t4.table.header).toMatchObject({ annualTotal: '10256.00', localTotal: '8262.00', localFiscal: '8262.00' });
    expect(find(t4, '召开医保工作政府信息公开省级工作会议或培训次数')?.value).toBe('≥2次');
    expect(find(t4, '医保信息系统验收合格率')?.value).toBe('≥ 90%');
    expect(find(t4, '提升医保信息化水平，加强网络、信息安全、基础设施等方面建设')).toMatchObject({
      level2: '可持续影响指标',
      value: '逐步提升',
    });
    const t5 = tables[4]!;
    expect(find(t5, '指标8：医保基金运行分析和风险预警购买第三方服务')?.value).toBe('每年1次');
    expect(find(t5, '指标11：医保基金区内调研和监管业务车辆租赁费')?.value).toBe('不少于120次');
    expect(rows(t5).at(-1)).toMatchObject({ name: '参保人员对医保服务满意度', value: '≥95%' });
    expect(t5.doubts).toHaveLength(1); // the repeated pages add no new doubts
  });
});

describe('seed 004 (one cell per line)', () => {
  const result = importPublishedText(readSeed('004'));
  const tables = result.tables;

  it('finds the 6 target tables after the department budget', () => {
    expect(tables.map((t) => [t.table.header.projectName, t.table.header.localTotal, rows(t).length])).toEqual([
      ['医保付费参保扩面体系运行维护费', '7.5', 12],
      ['上线全市智能审核监控', '5', 9],
      ['开展打击欺诈骗保专项行动', '2.5', 11],
      ['医疗保障局稽核工作', '4', 11],
      ['医疗保障双拥共建工作经费', '1', 12],
      ['医保信息化建设', '2', 9],
    ]);
    for (const t of tables) {
      expect(t.table.header).toMatchObject({
        year: '2022',
        moneyUnit: '万元',
        department: '【308】固原市医疗保障局',
        implementingUnit: '【308】固原市医疗保障局',
        attribute: '01-新增一次性项目',
        period: '2022-2022',
      });
    }
  });

  it('glues broken cells back and splits values with spaces', () => {
    const [t1, t2, t3] = tables as [ImportedTable, ImportedTable, ImportedTable];
    expect(t1.table.goal).toMatch(/^1、通过提高医疗报账单据审核效率，保障参保人员/);
    expect(find(t1, '相关人员数：学习先进经验')).toMatchObject({ level1: '产出指标', level2: '数量指标', value: '15 名' });
    expect(find(t1, '成本控制情况')?.value).toBe('不超过 7.5 万元');
    expect(find(t1, '形成共识，我市医保支付方式改革取得新成效，就医负担明显减轻')).toMatchObject({
      level1: '效益指标',
      level2: '社会效益指标',
      value: '负担减轻',
    });
    expect(find(t1, '参保人员满意度')).toMatchObject({ level1: '满意度指标', level2: '服务对象满意度指标', value: '≥95%' });
    expect(find(t2, '系统配备完成时间')?.value).toBe('2022 年 12 月前');
    expect(find(t3, '法律法规手册')?.value).toBe('2万份 0.5 万元');
  });

  it('flags a missing 一级 cell and the empty 含本级和市县 total', () => {
    const t2 = tables[1]!;
    expect(find(t2, '实现医保管理机构、参保人和医疗机构三方共赢')?.level1).toBe('效益指标');
    expect(t2.doubts.some((d) => d.message.includes('缺少一级指标「效益指标」'))).toBe(true);
    expect(tables[4]!.doubts.some((d) => d.message.includes('推定为「产出指标」'))).toBe(true);
    expect(tables[0]!.doubts.map((d) => d.message)).toEqual(['「年度资金总额（含本级和市县）」未填写金额，留空']);
  });
});

describe('other input', () => {
  it('reads seed 002 as self-evaluation tables, not target tables', () => {
    const r = importPublishedText(readSeed('002'));
    expect(r.tables).toHaveLength(0);
    expect(r.selfEvaluations).toHaveLength(4);
  });

  it('reports text without any table', () => {
    expect(importPublishedText('\n\n')).toEqual({
      tables: [],
      selfEvaluations: [],
      doubts: [{ line: 1, message: '内容为空，没有可导入的表格', text: '' }],
    });
    expect(importPublishedText('无关的文字').doubts).toEqual([
      { line: 1, message: '未找到绩效目标表（没有「项目名称」行）', text: '无关的文字' },
    ]);
  });

  it('accepts CRLF line ends', () => {
    const crlf = readSeed('003').replace(/\n/g, '\r\n');
    expect(importPublishedText(crlf).tables.map((t) => t.table)).toEqual(
      importPublishedText(readSeed('003')).tables.map((t) => t.table),
    );
  });
});

describe('splitNameValue', () => {
  it.each([
    ['A4黑白打印机 3台', 'A4黑白打印机', '3台'],
    ['医保信息系统验收合格率 ≥ 90%', '医保信息系统验收合格率', '≥ 90%'],
    ['成本控制情况 不超过 7.5 万元', '成本控制情况', '不超过 7.5 万元'],
    ['工作保障及时 2022 年 12 月前', '工作保障及时', '2022 年 12 月前'],
    ['2021年区内培训人次约为 1500人次', '2021年区内培训人次约为', '1500人次'],
    ['不适用 无', '不适用', '无'],
    ['单一', '单一', ''],
  ])('%s', (text, name, value) => {
    expect(splitNameValue(text)).toEqual({ name, value });
  });
});
