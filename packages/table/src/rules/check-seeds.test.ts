import { describe, expect, it } from 'vitest';
import { seedTables } from '../value/seed-tables.ts';
import { checkTable } from './check-table.ts';

function tableOf(key: string) {
  const t = seedTables().find((s) => s.key === key);
  if (!t) throw new Error(`no seed table ${key}`);
  return t.table;
}

/**
 * What each of the 21 published tables gets, checked by hand against the seed text.
 * 000#1 really has no 可持续影响指标 row; 004's tables leave 年度资金总额 blank.
 */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  '000#0': [
    'layout.misplaced-level2', // 成本指标 row under 效益指标
    'layout.misplaced-level2', // 可持续影响指标 under 满意度指标
    'value.needs-number', // 不限次数
    'value.needs-date', // 显著提高
    'indicator.value-empty', // 生态破坏率 without a value
  ],
  '000#1': [
    'required.missing',
    'value.needs-number',
    'value.needs-date',
    'cost.not-money',
    'indicator.duplicate-across',
    'indicator.duplicate-across',
  ],
  '000#2': ['goal.money-mismatch', 'cost.sum', 'value.needs-number', 'value.needs-date'],
  '000#3': [],
  '001#0': [],
  '001#1': ['date.impossible'],
  '001#2': [],
  '001#3': [],
  '001#4': [],
  '003#0': [],
  '003#1': [],
  '003#2': ['indicator.duplicate-across'],
  '003#3': [],
  '003#4': [],
  '003#5': [],
  '004#0': ['money.total-missing', 'value.needs-date'],
  '004#1': ['money.total-missing', 'cost.no-amount', 'value.needs-date', 'cost.not-money'],
  '004#2': ['money.total-missing', 'value.needs-date'],
  '004#3': ['money.total-missing'],
  '004#4': ['money.total-missing', 'value.needs-date'],
  '004#5': ['money.total-missing', 'value.needs-date'],
};

describe('checkTable on the 21 seed tables', () => {
  it.each(seedTables().map((s) => [s.key, s.table] as const))('%s', (key, table) => {
    expect(checkTable(table).map((f) => f.rule)).toEqual(EXPECTED[key]);
  });

  it('flags 城乡医疗救助: 68040万元 in goal and 成本 against 50814万元', () => {
    const table = tableOf('000#2');
    expect(table.header.projectName).toContain('城乡医疗救助');
    const findings = checkTable(table);
    const cost = findings.find((f) => f.rule === 'cost.sum');
    expect(cost?.message).toBe('成本指标金额合计68040万元，与年度资金总额50814万元不符，相差17226万元');
    expect(cost?.target).toEqual({ kind: 'group', level1: '产出指标', level2: '成本指标' });
    const goal = findings.find((f) => f.rule === 'goal.money-mismatch');
    expect(goal?.message).toContain('68040万元');
    expect(goal?.message).toContain('50814万元');
  });

  it('flags seed 001 2021年11月31日 as an impossible date', () => {
    const table = tableOf('001#1');
    const [f] = checkTable(table);
    expect(f?.severity).toBe('error');
    expect(table.indicators[f?.target.kind === 'indicator' ? f.target.index : -1]?.value).toBe('2021年11月31日');
    expect(f?.message).toContain('11月只有30天');
  });

  it('flags seed 000 table 1: a 成本 line under 效益指标, 可持续影响 under 满意度指标', () => {
    const targets = checkTable(tableOf('000#0'))
      .filter((f) => f.rule === 'layout.misplaced-level2')
      .map((f) => f.target);
    expect(targets).toEqual([
      { kind: 'group', level1: '效益指标', level2: '成本指标' },
      { kind: 'group', level1: '满意度指标', level2: '可持续影响指标' },
    ]);
  });

  it('finds no cost-sum problem in the office-equipment table (15.12万元)', () => {
    const table = tableOf('001#0');
    expect(table.header.annualTotal).toBe('15.12');
    expect(checkTable(table).filter((f) => f.rule.startsWith('cost.'))).toEqual([]);
  });

  it('is not fooled by rounding: 1.75 + 0.92 + 0.955 + 0.95 + 6.5 + 0.925 = 12.00', () => {
    expect(checkTable(tableOf('001#1')).filter((f) => f.rule === 'cost.sum')).toEqual([]);
  });

  it('checks 元 tables in 元 (seed 003) and a 成本 matching only 本级资金 (001#3)', () => {
    for (const key of ['003#0', '003#1', '003#5', '001#3']) {
      expect(checkTable(tableOf(key)).filter((f) => f.rule === 'cost.sum'), key).toEqual([]);
    }
  });
});
