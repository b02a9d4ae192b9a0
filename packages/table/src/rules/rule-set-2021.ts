import type { RuleConfig, RuleSet } from './types.ts';

/**
 * The requirement marks printed in seed 001 (2021 自治区 tables): 数量/成本 必填硬性指标;
 * 质量/时效/社会效益/可持续影响/满意度 必填; 经济/生态效益 选填.
 */
export const RULE_SET_2021: RuleSet = {
  id: 'nx-2021',
  title: '宁夏2021年项目支出绩效目标表（必填硬性/必填/选填）',
  requirements: {
    数量指标: '必填硬性',
    成本指标: '必填硬性',
    质量指标: '必填',
    时效指标: '必填',
    社会效益指标: '必填',
    可持续影响指标: '必填',
    服务对象满意度指标: '必填',
    经济效益指标: '选填',
    生态效益指标: '选填',
  },
  needsNumber: ['数量指标', '成本指标', '服务对象满意度指标'],
  needsDate: ['时效指标'],
  satisfaction: ['服务对象满意度指标'],
  cost: '成本指标',
};

export const DEFAULT_RULE_CONFIG: RuleConfig = { ruleSet: RULE_SET_2021, costTolerance: 0.005 };
