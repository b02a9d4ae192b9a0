/** The standard 一级/二级 indicator skeleton of a 项目支出预算绩效目标表 (DOMAIN.md §1). */
export const LEVEL1 = ['产出指标', '效益指标', '满意度指标'] as const;
export type Level1 = (typeof LEVEL1)[number];

export const SKELETON: ReadonlyArray<{ level1: Level1; level2: readonly string[] }> = [
  { level1: '产出指标', level2: ['数量指标', '质量指标', '时效指标', '成本指标'] },
  {
    level1: '效益指标',
    level2: ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标'],
  },
  { level1: '满意度指标', level2: ['服务对象满意度指标'] },
];

/** 二级 names in skeleton order, for sorting groups. */
export const LEVEL2_ORDER: readonly string[] = SKELETON.flatMap((g) => g.level2);
