import { describe, expect, it } from 'vitest';
import type { TableJSON } from '../table-doc.ts';
import { checkTable } from './check-table.ts';
import { RULE_SET_2021 } from './rule-set-2021.ts';
import { RULES } from './rules-list.ts';
import type { Finding } from './types.ts';

type Row = TableJSON['indicators'][number];

function row(level1: string, level2: string, name: string, value: string, id?: string): Row {
  return id === undefined ? { level1, level2, name, value } : { id, level1, level2, name, value };
}

/** A complete, consistent table: checkTable finds nothing in it. */
function validTable(): TableJSON {
  return {
    header: {
      projectName: '培训项目',
      department: '某医疗保障局',
      implementingUnit: '某医疗保障局本级',
      attribute: '经常性项目',
      period: '2021年-2021年',
      year: '2021',
      moneyUnit: '万元',
      projectTotal: '100',
      annualTotal: '100',
      localTotal: '60',
      localFiscal: '50',
      localOther: '10',
      localCarryover: '0',
      transferTotal: '40',
      transferCentral: '30',
      transferRegion: '10',
    },
    goal: '本项目安排资金100万元，用于业务培训和设备购置。',
    indicators: [
      row('产出指标', '数量指标', '培训人次', '≥100人次', 'r0'),
      row('产出指标', '数量指标', '打印机', '2台', 'r1'),
      row('产出指标', '质量指标', '培训合格率', '≥95%', 'r2'),
      row('产出指标', '时效指标', '项目完成时间', '2021年12月前', 'r3'),
      row('产出指标', '成本指标', '培训费', '59.6万元', 'r4'),
      row('产出指标', '成本指标', '打印机', '0.2万元/台', 'r5'),
      row('产出指标', '成本指标', '设备费', '40万元', 'r6'),
      row('效益指标', '经济效益指标', '不涉及', '不涉及', 'r7'),
      row('效益指标', '社会效益指标', '政策知晓率', '≥90%', 'r8'),
      row('效益指标', '生态效益指标', '', '', 'r9'),
      row('效益指标', '可持续影响指标', '长效机制', '长期有效', 'r10'),
      row('满意度指标', '服务对象满意度指标', '参训人员满意度', '≥90%', 'r11'),
    ],
  };
}

type Edit = (t: TableJSON) => void;

function setValue(index: number, value: string): Edit {
  return (t) => {
    t.indicators[index]!.value = value;
  };
}

function rules(findings: Finding[]): string[] {
  return findings.map((f) => f.rule);
}

/** [rule, what is wrong, edit, expected target, words the message must contain]. */
const CASES: ReadonlyArray<readonly [string, string, Edit, Finding['target'], string[]]> = [
  ['header.missing', 'no project name', (t) => delete t.header.projectName, { kind: 'header', field: 'projectName' }, ['项目名称']],
  ['header.period-format', 'period unreadable', (t) => {
      t.header.period = '两年';
    }, { kind: 'header', field: 'period' }, ['两年']],
  ['money.total-missing', 'no annual total', (t) => {
      t.header.annualTotal = ' ';
    }, { kind: 'header', field: 'annualTotal' }, ['年度资金总额']],
  ['money.not-number', 'text in a money cell', (t) => {
      t.header.localOther = '十';
    }, { kind: 'header', field: 'localOther' }, ['十']],
  ['money.sum-annual', 'total ≠ 本级 + 转移', (t) => {
      t.header.transferTotal = '41';
    }, { kind: 'header', field: 'annualTotal' }, ['100', '101', '相差1']],
  ['money.sum-local', '本级 ≠ parts', (t) => {
      t.header.localOther = '12';
    }, { kind: 'header', field: 'localTotal' }, ['60', '62']],
  ['money.sum-transfer', '转移 ≠ 中央 + 自治区', (t) => {
      t.header.transferRegion = '5';
    }, { kind: 'header', field: 'transferTotal' }, ['40', '35']],
  [
    'money.sum-local',
    'written parts already exceed the total',
    (t) => {
      delete t.header.localOther;
      t.header.localFiscal = '70';
    },
    { kind: 'header', field: 'localTotal' },
    ['已超出10'],
  ],
  ['money.project-below-annual', 'project < annual', (t) => {
      t.header.projectTotal = '90';
    }, { kind: 'header', field: 'projectTotal' }, ['90', '100']],
  ['goal.empty', 'no goal', (t) => {
      t.goal = '  ';
    }, { kind: 'goal' }, ['总体绩效目标']],
  ['goal.money-mismatch', 'goal states other money', (t) => {
      t.goal = '本年度安排资金120万元。';
    }, { kind: 'goal' }, ['120万元', '100万元']],
  ['required.hard', 'no 数量 rows', (t) => {
      t.indicators = t.indicators.filter((r) => r.level2 !== '数量指标');
    }, { kind: 'group', level1: '产出指标', level2: '数量指标' }, ['必填硬性', '数量指标']],
  ['required.hard', '成本 only 不涉及', (t) => {
      t.indicators = t.indicators.filter((r) => r.level2 !== '成本指标').concat(row('产出指标', '成本指标', '不涉及', '不涉及'));
    }, { kind: 'group', level1: '产出指标', level2: '成本指标' }, ['不涉及']],
  ['required.missing', '社会效益 row without value', setValue(8, ''), { kind: 'group', level1: '效益指标', level2: '社会效益指标' }, ['没有填写指标值']],
  ['required.missing', '质量 only 无', (t) => {
      t.indicators[2] = row('产出指标', '质量指标', '无', '无');
    }, { kind: 'group', level1: '产出指标', level2: '质量指标' }, ['必填指标']],
  ['layout.unknown-level1', 'made-up 一级', (t) => {
      t.indicators[10]!.level1 = '影响指标';
    }, { kind: 'group', level1: '影响指标', level2: '可持续影响指标' }, ['影响指标']],
  ['layout.unknown-level2', 'made-up 二级', (t) => void t.indicators.push(row('效益指标', '政治效益指标', '稳定', '显著')), { kind: 'group', level1: '效益指标', level2: '政治效益指标' }, ['政治效益指标']],
  ['layout.misplaced-level2', '成本 under 效益', (t) => {
      t.indicators[6]!.level1 = '效益指标';
    }, { kind: 'group', level1: '效益指标', level2: '成本指标' }, ['产出指标', '效益指标']],
  ['indicator.name-empty', 'value without name', (t) => {
      t.indicators[8]!.name = '';
    }, { kind: 'indicator', index: 8, id: 'r8', field: 'name' }, ['≥90%']],
  ['indicator.value-empty', 'name without value', (t) => {
      t.indicators[9]!.name = '空气质量';
    }, { kind: 'indicator', index: 9, id: 'r9', field: 'value' }, ['空气质量']],
  ['indicator.duplicate-name', 'same name twice in a group', (t) => void t.indicators.push(row('产出指标', '质量指标', '培训 合格率', '≥95%')), { kind: 'indicator', index: 12, field: 'name' }, ['第3行', '重复行']],
  ['indicator.duplicate-across', 'same name in two groups', (t) => {
      t.indicators[8]!.name = '培训合格率';
    }, { kind: 'indicator', index: 8, id: 'r8', field: 'name' }, ['质量指标', '社会效益指标']],
  ['value.needs-number', 'qualitative 数量', setValue(0, '大幅增加'), { kind: 'indicator', index: 0, id: 'r0', field: 'value' }, ['大幅增加']],
  ['value.needs-number', 'qualitative 满意度', setValue(11, '满意'), { kind: 'indicator', index: 11, id: 'r11', field: 'value' }, ['满意']],
  ['value.needs-date', 'qualitative 时效', setValue(3, '及时'), { kind: 'indicator', index: 3, id: 'r3', field: 'value' }, ['及时']],
  ['value.percent-range', 'over 100%', setValue(2, '≥105%'), { kind: 'indicator', index: 2, id: 'r2', field: 'value' }, ['105%']],
  ['value.doubt', 'unreadable tail', setValue(2, '≥95% 以上为准'), { kind: 'indicator', index: 2, id: 'r2', field: 'value' }, ['以上为准']],
  ['date.impossible', '11月31日', setValue(3, '2021年11月31日'), { kind: 'indicator', index: 3, id: 'r3', field: 'value' }, ['11月只有30天']],
  ['date.outside-period', 'deadline after the period', setValue(3, '2022年6月前'), { kind: 'indicator', index: 3, id: 'r3', field: 'value' }, ['2022年6月', '2021年']],
  ['satisfaction.comparator', '≤ satisfaction', setValue(11, '≤90%'), { kind: 'indicator', index: 11, id: 'r11', field: 'value' }, ['≤']],
  ['cost.not-money', 'minutes under 成本', (t) => void t.indicators.push(row('产出指标', '成本指标', '响应时间', '≤60分钟')), { kind: 'indicator', index: 12, field: 'value' }, ['≤60分钟']],
  [
    'cost.no-amount',
    'only a control rate under 成本',
    (t) => {
      t.indicators = t.indicators.filter((r) => r.level2 !== '成本指标').concat(row('产出指标', '成本指标', '成本控制率', '≥95%'));
    },
    { kind: 'group', level1: '产出指标', level2: '成本指标' },
    ['没有金额'],
  ],
  ['cost.sum', 'costs do not add up', setValue(6, '50万元'), { kind: 'group', level1: '产出指标', level2: '成本指标' }, ['110万元', '100万元', '相差10万元']],
  [
    'cost.sum',
    'a price without quantity, amounts already over',
    (t) => {
      t.indicators[1]!.name = '复印机';
      t.indicators[6]!.value = '45万元';
    },
    { kind: 'group', level1: '产出指标', level2: '成本指标' },
    ['104.6万元', '超过'],
  ],
];

describe('checkTable on synthetic tables', () => {
  it('finds nothing in a complete, consistent table', () => {
    expect(checkTable(validTable())).toEqual([]);
  });

  it.each(CASES)('%s: %s', (rule, _what, edit, target, words) => {
    const t = validTable();
    edit(t);
    const found = checkTable(t).filter((f) => f.rule === rule);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.target).toEqual(target);
    expect(f.severity).toBe(RULES.find((r) => r.id === rule)?.severity);
    for (const w of words) expect(f.message).toContain(w);
  });

  it('has a case for every rule of RULES, and RULES ids are unique', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(CASES.map((c) => c[0]))).toEqual(new Set(ids));
  });

  it('counts a price × the same-named quantity in the cost sum', () => {
    const t = validTable();
    t.indicators[1]!.value = '3台'; // 0.2万元/台 × 3 = 0.6 → 100.2, within 0.5%
    expect(rules(checkTable(t))).toEqual([]);
    t.indicators[1]!.value = '30台'; // 6 → 105.6
    const [f] = checkTable(t);
    expect(f?.rule).toBe('cost.sum');
    expect(f?.message).toContain('105.6万元');
    expect(f?.message).toContain('单价×数量');
  });

  it('applies costTolerance as a fraction of the total', () => {
    const t = validTable();
    t.indicators[6]!.value = '41万元'; // 101 vs 100
    expect(rules(checkTable(t))).toEqual(['cost.sum']);
    expect(rules(checkTable(t, { costTolerance: 0.02 }))).toEqual([]);
  });

  it('converts 元 tables and notices a 元/万元 slip', () => {
    const t = validTable();
    t.header = {
      ...t.header,
      moneyUnit: '元',
      projectTotal: '1000000.00',
      annualTotal: '1000000.00',
      localTotal: '600000.00',
      localFiscal: '500000.00',
      localOther: '100000.00',
      localCarryover: '0',
      transferTotal: '400000.00',
      transferCentral: '300000.00',
      transferRegion: '100000.00',
    };
    expect(rules(checkTable(t))).toEqual([]);
    t.indicators[6]!.value = '400000元'; // meant 40万元 = 400000元: still fine
    expect(rules(checkTable(t))).toEqual([]);
    t.indicators[6]!.value = '400000万元';
    const f = checkTable(t).find((x) => x.rule === 'cost.sum');
    expect(f?.message).toContain('元');
    t.header.annualTotal = '100';
    t.header.projectTotal = '100';
    t.header.localTotal = '100';
    t.indicators[4]!.value = '59.6';
    t.indicators[6]!.value = '40';
    t.indicators[5]!.value = '0.2元/台';
    expect(checkTable(t).find((x) => x.rule === 'cost.sum')?.message).toBeUndefined();
    t.indicators[4]!.value = '59.6万元';
    t.indicators[6]!.value = '40万元';
    expect(checkTable(t).find((x) => x.rule === 'cost.sum')?.message).toContain('疑似元与万元混用');
  });

  it('accepts not-applicable rows only for 选填 二级', () => {
    const t = validTable();
    t.indicators[9] = row('效益指标', '生态效益指标', '不适用', '无');
    expect(checkTable(t)).toEqual([]);
    t.indicators[10] = row('效益指标', '可持续影响指标', '不涉及', '不涉及');
    expect(rules(checkTable(t))).toEqual(['required.missing']);
  });

  it('takes the project period from 项目期 and the table year', () => {
    const t = validTable();
    t.indicators[3]!.value = '12月15日前';
    expect(checkTable(t)).toEqual([]);
    for (const period of ['2022-2022', '2021年', '1年', '99年', '1 年']) {
      t.header.period = period;
      t.header.year = period === '2022-2022' ? '2022' : '2021';
      t.indicators[3]!.value = '2021年12月前';
      const expected = period === '2022-2022' ? ['date.outside-period'] : [];
      expect(rules(checkTable(t)), period).toEqual(expected);
    }
    t.header.period = '99年';
    t.indicators[3]!.value = '2030年12月前';
    expect(checkTable(t)).toEqual([]);
    t.indicators[3]!.value = '2020年12月前';
    expect(rules(checkTable(t))).toEqual(['date.outside-period']);
    t.header.period = '2021年-2021年';
    t.indicators[3]!.value = '2022年1月前';
    expect(checkTable(t)).toEqual([]);
  });

  it('accepts a duration or an on-time rate as a 时效 value', () => {
    const t = validTable();
    for (const v of ['24小时', '≤30分钟', '100%', '年底前', '不晚于2021年12月底']) {
      t.indicators[3]!.value = v;
      expect(checkTable(t), v).toEqual([]);
    }
  });

  it('uses the rule set given in the config', () => {
    const t = validTable();
    t.indicators = t.indicators.filter((r) => r.level2 !== '社会效益指标');
    expect(rules(checkTable(t))).toEqual(['required.missing']);
    const lenient = { ...RULE_SET_2021, requirements: { ...RULE_SET_2021.requirements, 社会效益指标: '选填' as const } };
    expect(checkTable(t, { ruleSet: lenient })).toEqual([]);
  });

  it('ignores untouched skeleton rows and finds nothing to complain about twice', () => {
    const t = validTable();
    t.indicators.push(row('效益指标', '经济效益指标', '', ''), row('产出指标', '数量指标', ' ', ''));
    expect(checkTable(t)).toEqual([]);
  });

  it('stays fast on a 100-row table', () => {
    const t = validTable();
    for (let i = 0; i < 90; i++) t.indicators.push(row('产出指标', '质量指标', `指标${i}`, `≥${i % 100}%`));
    const start = performance.now();
    for (let i = 0; i < 200; i++) checkTable(t);
    expect((performance.now() - start) / 200).toBeLessThan(5);
  });
});
