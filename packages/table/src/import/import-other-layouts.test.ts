import { describe, expect, it } from 'vitest';
import { importPublishedText } from './import-published-text.ts';
import { joinValueCells } from './tab-layout.ts';

const PIPES = `项目支出绩效目标表
（2025年度）
单位：万元
| 项目名称 | 职业技能培训补助 |  |  |
| --- | --- | --- | --- |
| 主管部门 | 某省人力资源和社会保障厅 | 实施单位 | 某市就业服务中心 |
| 年度资金总额 | 120 | 财政拨款 | 120 |
| 年度总体绩效目标 | 完成职业技能培训1700人次，培训合格率不低于90%。 |  |  |
| 一级指标 | 二级指标 | 三级指标 | 指标值 |
| 产出指标 | 数量指标 | 培训人次 | ≥1700人次 |
|  | 质量指标 | 培训合格率 | ≥90% |
| 满意度指标 | 服务对象满意度指标 | 学员满意度 | ≥95% |`;

const UNIT_COLUMNS = [
  '项目名称\t就业见习补贴',
  '主管部门\t某省人力资源和社会保障厅\t实施单位\t某县就业局',
  '年度资金总额\t80',
  '一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位',
  '产出指标\t数量指标\t培训人次\t≥\t1700\t人次',
  '\t成本指标\t人均补贴\t≤\t2000\t元',
  '效益指标\t社会效益指标\t就业率\t≥\t80\t%',
  '数量指标\t见习岗位\t≥\t50\t个',
].join('\n');

describe('layouts of other provinces', () => {
  it('reads pipe-separated cells', () => {
    const r = importPublishedText(PIPES);
    expect(r.tables).toHaveLength(1);
    const t = r.tables[0]!.table;
    expect(t.header).toMatchObject({
      projectName: '职业技能培训补助',
      department: '某省人力资源和社会保障厅',
      implementingUnit: '某市就业服务中心',
      annualTotal: '120',
      year: '2025',
      moneyUnit: '万元',
    });
    expect(t.goal).toBe('完成职业技能培训1700人次，培训合格率不低于90%。');
    expect(t.indicators.map((i) => [i.level1, i.level2, i.name, i.value])).toEqual([
      ['产出指标', '数量指标', '培训人次', '≥1700人次'],
      ['产出指标', '质量指标', '培训合格率', '≥90%'],
      ['满意度指标', '服务对象满意度指标', '学员满意度', '≥95%'],
    ]);
  });

  it('joins separate 指标性质 / 指标值 / 度量单位 columns', () => {
    const r = importPublishedText(UNIT_COLUMNS);
    const t = r.tables[0]!.table;
    expect(t.indicators.map((i) => [i.level1, i.level2, i.name, i.value])).toEqual([
      ['产出指标', '数量指标', '培训人次', '≥1700人次'],
      ['产出指标', '成本指标', '人均补贴', '≤2000元'],
      ['效益指标', '社会效益指标', '就业率', '≥80%'],
      // a row without its 一级 cell: 一级 from the skeleton
      ['产出指标', '数量指标', '见习岗位', '≥50个'],
    ]);
    // no unit line: flagged, not guessed silently
    expect(r.tables[0]!.doubts.map((d) => d.message)).toContain('未找到金额单位，按「万元」处理');
  });

  it('joinValueCells only joins what looks like comparator + number + unit', () => {
    expect(joinValueCells(['≥', '1700', '人次'])).toBe('≥1700人次');
    expect(joinValueCells(['10', '套'])).toBe('10套');
    expect(joinValueCells(['≥', '90%'])).toBe('≥90%');
    expect(joinValueCells(['显著提升'])).toBeUndefined();
    expect(joinValueCells(['定性', '显著提升', '无'])).toBeUndefined();
  });

  it('run-on text: recognises the header, flags what it cannot place, never throws', () => {
    const text = '项目名称 乡村医生培训 主管部门 某省卫生健康委员会 年度总体绩效目标 培训乡村医生500人次 产出指标 数量指标 培训人次 ≥500人次';
    const r = importPublishedText(text);
    expect(r.tables).toHaveLength(1);
    expect(r.tables[0]!.table.header.projectName).toContain('乡村医生培训');
    expect(r.tables[0]!.doubts.length).toBeGreaterThan(0);
  });

  it('unknown layouts and empty input give a Chinese doubt', () => {
    expect(importPublishedText('')).toEqual({
      tables: [],
      selfEvaluations: [],
      doubts: [{ line: 1, message: '内容为空，没有可导入的表格', text: '' }],
    });
    const r = importPublishedText('会议纪要\n今天讨论了明年的工作安排。');
    expect(r.tables).toEqual([]);
    expect(r.doubts[0]!.message).toMatch(/未找到绩效目标表/);
  });

  it('never throws on arbitrary text', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const words = ['项目名称', '产出指标', '数量指标', '≥', '100', '|', '\t', '\n', '自评表', '绩效指标', '总 分', '资金投入情况', '万元', '（', '）', ' '];
    for (let n = 0; n < 300; n++) {
      let text = '';
      for (let k = 0; k < 60; k++) text += words[Math.floor(rnd() * words.length)]!;
      expect(() => importPublishedText(text)).not.toThrow();
    }
  });
});
