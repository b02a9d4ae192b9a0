import { describe, expect, it } from 'vitest';
import { importPublishedText } from './import-published-text.ts';
import { readSeed } from './seed-fixtures.ts';
import type { ImportedSelfEvaluation } from './types.ts';

const result = importPublishedText(readSeed('002'));
const [t1, t2, t3, t4] = result.selfEvaluations as [
  ImportedSelfEvaluation,
  ImportedSelfEvaluation,
  ImportedSelfEvaluation,
  ImportedSelfEvaluation,
];
const row = (t: ImportedSelfEvaluation, name: string) => t.indicators.find((i) => i.name === name);
const count = (t: ImportedSelfEvaluation, level2: string) => t.indicators.filter((i) => i.level2 === level2).length;
const MANAGEMENT = ['分配科学性', '下达及时性', '拨付合规性', '使用规范性', '执行准确性', '预算绩效管理情况', '支出责任履行情况'];

describe('seed 002: self-evaluation tables', () => {
  it('finds 3 transfer tables and 1 project table, no target table', () => {
    expect(result.tables).toEqual([]);
    expect(result.selfEvaluations.map((t) => [t.kind, t.header.projectName, t.indicators.length])).toEqual([
      ['transfer', '城乡居民基本医疗保险补助资金', 9],
      ['transfer', '医疗服务与保障能力提升补助资金', 21],
      ['transfer', '城乡医疗救助补助资金', 11],
      ['project', '自治区医疗保障局2023年专项业务费', 27],
    ]);
    expect(result.selfEvaluations.map((t) => t.source)).toEqual([
      { startLine: 3, endLine: 156 },
      { startLine: 162, endLine: 839 },
      { startLine: 845, endLine: 1071 },
      { startLine: 1075, endLine: 1373 },
    ]);
    for (const t of result.selfEvaluations) {
      expect(t.header.year).toBe('2023');
      expect(t.moneyUnit).toBe('万元');
    }
  });

  it('城乡居民基本医疗保险: header, funding, management, goals, indicators', () => {
    expect(t1.title).toBe('城乡居民基本医疗保险补助资金转移支付区域（项目）绩效目标自评表');
    expect(t1.header).toEqual({
      year: '2023',
      projectName: '城乡居民基本医疗保险补助资金',
      centralDepartment: '国家医疗保障局',
      localDepartment: '',
      fundUser: '自治区及各市、县（区）医保局',
    });
    expect(t1.funding).toEqual([
      { label: '年度资金总额', budget: '330399.22', executed: '330399.22', rate: '100%' },
      { label: '中央财政资金', budget: '256442' },
      { label: '地方资金', budget: '73957.22' },
      { label: '其他资金' },
    ]);
    expect(t1.management.map((m) => m.item)).toEqual(MANAGEMENT);
    expect(t1.management[1]).toEqual({
      item: '下达及时性',
      description: '在收到中央财政转移支付资金预算后30日内，会同财政部门将城乡居民基本医疗保险补助资金指标下达各市县（区）。',
      problems: '',
    });
    expect(t1.goal).toBe('巩固参保率，稳步提高保障水平，实现基金收支平衡。');
    expect(t1.goalActual).toBe('巩固参保率，稳步提高保障水平，实现基金收支平衡。');
    expect(t1.indicators.map((i) => [i.level1, i.level2, i.name, i.value, i.actual])).toEqual([
      ['项目完成', '数量指标', '参保人数（人）', '≥4960000', '4975007'],
      ['项目完成', '质量指标', '重复参保人数（人）', '0', '0'],
      ['项目完成', '质量指标', '申请结算补助资金时多报、虚报参保人数（人）', '0', '0'],
      ['项目完成', '质量指标', '参保人政策范围内住院费用报销比例', '70%左右', '74.26%'],
      ['项目完成', '质量指标', '实行按病种（组）、按人头付费等支付方式改革', '逐步推开', '逐步推开'],
      ['项目完成', '质量指标', '基金滚存结余可支付月数', '≥6个月', '14.37个月'],
      ['项目完成', '质量指标', '开展门诊统筹', '普遍开展', '普遍开展'],
      ['满意度指标', '政策知晓率', '参保群众政策知晓率', '普遍知晓', '普遍知晓'],
      ['满意度指标', '服务对象满意度指标', '参保对象满意度', '≥90%', '100%'],
    ]);
    // what was published unusually is kept and flagged
    expect(t1.doubts.map((d) => d.message)).toEqual(
      expect.arrayContaining([
        '一级指标「项目完成」不在标准指标体系中，按原文保留',
        '二级指标「政策知晓率」不在标准指标体系中，按原文保留',
      ]),
    );
  });

  it('医疗服务与保障能力提升: 9941 → 3078.09 = 30.96%, long cells joined', () => {
    expect(t2.funding).toEqual([
      { label: '年度资金总额', budget: '9941', executed: '3078.09', rate: '30.96%' },
      { label: '中央财政资金', budget: '9941', executed: '3078.09', rate: '30.96%' },
      { label: '地方资金' },
      { label: '其他资金', budget: '8603.01（上年结转资金）' },
    ]);
    expect(t2.management.map((m) => m.item)).toEqual(MANAGEMENT);
    expect(t2.management[6]!.description).toMatch(/^为监管医疗服务与保障能力提升补助资金支出责任履行情况.*及时发现和纠正问题。$/);
    expect(t2.goal).toMatch(/^加强打击欺诈骗保工作力度.*医疗保障服务能力。$/);
    expect(t2.goalActual).toMatch(/^2023年我局全面贯彻落实.*绩效目标完成率为98.57%。$/);
    expect(count(t2, '数量指标')).toBe(9);
    expect(count(t2, '质量指标')).toBe(11);
    expect(count(t2, '服务对象满意度指标')).toBe(1);
    expect(row(t2, '每个县（区）范围内开通门诊慢特病相关治疗费用跨省联网定点医疗机构数量')).toMatchObject({
      level1: '产出指标',
      value: '≥1',
      actual: '≥1（每个县（区）至少开通1家门诊慢特病跨省联网定点医疗机构）',
    });
    expect(row(t2, '提升公立医疗机构平台采购药品耗材比例')).toMatchObject({
      value: '药品网采率≥85%，高值医用耗材网采率≥75%',
      actual: '药品网采率为80.52%，高值医用耗材网采率为63.11%。',
    });
    expect(row(t2, '推进医保支付方式改革')).toMatchObject({
      level2: '质量指标',
      value: '省级出台支付方式改革文件并落实到位。DRG/DIP付费交叉调研结果为优秀',
    });
    expect(row(t2, '推进医保支付方式改革')!.actual).toMatch(/^我区在2022年印发了.*被国家评为优秀。$/);
    expect(row(t2, '医疗服务价格动态调整与深化医疗服务价格改革试点执行情况')?.value).toBe(
      '按要求开展调价评估并进行调价，做好医疗服务价格管理与深化医疗服务价格改革方向一致性工作',
    );
    expect(row(t2, '国谈药等相关药品落地及统计监测情况')).toMatchObject({
      value: '国谈药品落地数据报送及时率100%',
      actual: '国谈药品落地数据按月报送，及时率100%',
    });
    expect(row(t2, '医保目录管理规范性情况')?.value).toBe('年内未出现违反目录管理政策情况');
    expect(row(t2, '参保人员对医保服务的满意度')).toMatchObject({ level1: '满意度指标', value: '≥85%', actual: '100%' });
  });

  it('城乡医疗救助: no 一级 column, labels split around rows', () => {
    expect(t3.header).toMatchObject({ projectName: '城乡医疗救助补助资金', centralDepartment: '国家医疗保障局' });
    expect(t3.funding).toEqual([
      { label: '年度资金总额', budget: '63496', executed: '63496', rate: '100%' },
      { label: '中央财政资金', budget: '48496' },
      { label: '地方资金', budget: '15000' },
      { label: '其他资金', budget: '31529.13（上年结转资金）' },
    ]);
    expect(t3.management.map((m) => m.item)).toEqual(MANAGEMENT);
    expect(t3.goalActual).toMatch(/绩效目标完成率100%。$/);
    expect(t3.indicators.map((i) => [i.level1, i.level2, i.name, i.value, i.actual])).toEqual([
      ['产出指标', '数量指标', '医疗救助对象人次规模', '符合救助条件的对象按规定纳入救助范围', '191万人次'],
      ['产出指标', '数量指标', '重点救助对象政策范围内个人自付费用年度限额内住院救助比例', '≥70%', '82%'],
      ['产出指标', '数量指标', '符合资助条件的农村低收入人口资助参保政策覆盖率', '≥99%', '100%'],
      ['产出指标', '质量指标', '医保综合监管能力', '有所提升', '有所提升'],
      ['产出指标', '时效指标', '市域内“一站式”即时结算覆盖地区', '不低于上年', '覆盖比率达到100%，不低于上年。'],
      ['效益指标', '社会效益指标', '城乡医疗救助政策知晓率', '≥80%', '80%'],
      ['效益指标', '社会效益指标', '困难群众看病就医方便程度', '明显提高', '明显提高'],
      ['效益指标', '社会效益指标', '困难群众医疗费用负担', '有效缓解', '有效缓解'],
      ['效益指标', '可持续影响指标', '对健全社会救助体系的影响', '成效明显', '成效明显'],
      ['效益指标', '可持续影响指标', '对健全医疗保障制度体系的作用', '成效明显', '成效明显'],
      ['满意度指标', '服务对象满意度指标', '救助对象对救助工作满意度', '≥85%', '100%'],
    ]);
    expect(t3.doubts.map((d) => d.message)).toEqual(
      expect.arrayContaining([
        '表中未列一级指标，按二级指标推断',
        '「满意度」是二级指标「服务对象满意度指标」的一部分，已从完成值「100%满意度」中去掉',
      ]),
    );
  });

  it('项目支出绩效自评表: funding by line, weights and scores adding up to 总分 92.8', () => {
    expect(t4.title).toBe('自治区项目支出绩效自评表');
    expect(t4.header).toEqual({
      year: '2023',
      projectName: '自治区医疗保障局2023年专项业务费',
      department: '宁夏回族自治区医疗保障局',
      implementingUnit: '宁夏回族自治区医疗保障局（本级）',
    });
    expect(t4.funding).toEqual([
      { label: '年度资金总额', initialBudget: '462.45', budget: '462.45', executed: '409.83', weight: '100', rate: '88.62%', score: '95' },
      { label: '当年财政拨款', initialBudget: '255.58', budget: '255.58', executed: '212.2', weight: '—', rate: '83.03%', score: '—' },
      { label: '上年结转资金', initialBudget: '206.87', budget: '206.87', executed: '197.63', weight: '—', rate: '95.53%', score: '—' },
      { label: '其他资金', initialBudget: '—', budget: '—' },
    ]);
    expect(t4.management).toEqual([]);
    expect(t4.goal).toMatch(/^一、2023年度医疗保障政策管理项目 156.42 万元。.*9.保证我局业务正常开展。$/);
    expect(t4.goalActual).toMatch(/^2023年本级项目预算经费255.58万元.*业务能力和水平。$/);
    expect(t4.total).toEqual({ weight: '100', score: '92.8' });
    const sum = (k: 'weight' | 'score') => t4.indicators.reduce((a, i) => a + Number(i[k]), 0);
    expect(sum('weight')).toBeCloseTo(100);
    expect(sum('score')).toBeCloseTo(92.8);
    expect(
      ['数量指标', '质量指标', '时效指标', '成本指标', '经济效益指标', '社会效益指标', '可持续影响指标', '服务对象满意度指标'].map(
        (l) => count(t4, l),
      ),
    ).toEqual([10, 1, 1, 10, 1, 2, 1, 1]);
    expect(t4.indicators[0]).toEqual({
      level1: '产出指标',
      level2: '数量指标',
      name: '指标1：法律顾问年度服务费用',
      value: '≥40次',
      actual: '≥40次',
      weight: '2',
      score: '2',
      remark: '',
    });
    expect(t4.indicators[5]).toMatchObject({
      name: '指标6：微信微博运营维护政务舆情监测预警政务公开内容巡检第三方服务',
      value: '巡检次数≥100次',
      actual: '巡检次数≥100次',
      remark: '该项目已采购完成下一年度验收后予以支付',
    });
    expect(row(t4, '完成时限')).toMatchObject({
      level2: '时效指标',
      value: '12月25日',
      actual: '年度内未完成',
      weight: '10',
      score: '8',
      remark: '部分项目有结转',
    });
    expect(t4.indicators.filter((i) => i.level2 === '成本指标')[0]).toMatchObject({
      value: '7万元',
      actual: '6万元',
      score: '1.8',
      remark: '下一年度考核合格后支付尾款',
    });
    expect(row(t4, '解决老百姓看病报销问题，以及报销比例问题，增加参保人员普及率')).toMatchObject({
      level1: '效益指标',
      level2: '可持续影响指标',
      value: '参保比例逐年提高',
      actual: '参保比例逐年提高',
    });
    expect(row(t4, '参保人员对医保服务满意度')).toMatchObject({ level1: '满意度指标', value: '≥98%', weight: '10', score: '10' });
  });

  it('all seeds: 21 target tables and 4 self-evaluation tables', () => {
    const all = (['000', '001', '002', '003', '004'] as const).map((s) => importPublishedText(readSeed(s)));
    expect(all.reduce((n, r) => n + r.tables.length, 0)).toBe(21);
    expect(all.reduce((n, r) => n + r.selfEvaluations.length, 0)).toBe(4);
  });
});
