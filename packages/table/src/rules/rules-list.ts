import type { RuleInfo } from './types.ts';

/** Every rule checkTable can report, in checklist order. */
export const RULES: readonly RuleInfo[] = [
  { id: 'header.missing', severity: 'warning', title: '项目基本信息必填项（项目名称、主管部门、实施单位、项目属性、项目期）' },
  { id: 'header.period-format', severity: 'warning', title: '项目期格式可识别（如 2021年-2021年、1年、99年）' },
  { id: 'money.total-missing', severity: 'warning', title: '填写年度资金总额' },
  { id: 'money.not-number', severity: 'error', title: '资金栏为数字' },
  { id: 'money.sum-annual', severity: 'error', title: '年度资金总额 = 本级资金 + 转移市县（区）资金' },
  { id: 'money.sum-local', severity: 'error', title: '本级资金 = 财政拨款 + 其他资金 + 结余结转资金' },
  { id: 'money.sum-transfer', severity: 'error', title: '转移市县（区）资金 = 中央资金 + 自治区资金' },
  { id: 'money.project-below-annual', severity: 'warning', title: '项目总额不小于年度资金总额' },
  { id: 'goal.empty', severity: 'warning', title: '填写年度总体绩效目标' },
  { id: 'goal.money-mismatch', severity: 'warning', title: '总体目标中写明的资金与资金总额一致' },
  { id: 'required.hard', severity: 'error', title: '必填硬性二级指标至少有一项三级指标及指标值' },
  { id: 'required.missing', severity: 'warning', title: '必填二级指标至少有一项三级指标及指标值' },
  { id: 'layout.unknown-level1', severity: 'warning', title: '一级指标为标准名称' },
  { id: 'layout.unknown-level2', severity: 'warning', title: '二级指标为标准名称' },
  { id: 'layout.misplaced-level2', severity: 'warning', title: '二级指标在所属的一级指标之下（版面错位存疑）' },
  { id: 'indicator.name-empty', severity: 'warning', title: '有指标值的行填写三级指标名称' },
  { id: 'indicator.value-empty', severity: 'warning', title: '三级指标填写指标值' },
  { id: 'indicator.duplicate-name', severity: 'warning', title: '同一二级指标下三级指标不重复' },
  { id: 'indicator.duplicate-across', severity: 'info', title: '三级指标未在其他二级指标下重复出现' },
  { id: 'value.needs-number', severity: 'warning', title: '数量、成本、满意度指标为定量数值' },
  { id: 'value.needs-date', severity: 'warning', title: '时效指标为日期或时限' },
  { id: 'value.percent-range', severity: 'warning', title: '百分比在 0–100% 之间' },
  { id: 'value.doubt', severity: 'info', title: '指标值可被识别' },
  { id: 'date.impossible', severity: 'error', title: '日期真实存在' },
  { id: 'date.outside-period', severity: 'warning', title: '时限在项目期内' },
  { id: 'satisfaction.comparator', severity: 'warning', title: '满意度目标用 ≥ 或 >' },
  { id: 'cost.not-money', severity: 'info', title: '成本指标为金额' },
  { id: 'cost.no-amount', severity: 'info', title: '成本指标中有可核对的金额' },
  { id: 'cost.sum', severity: 'warning', title: '成本指标金额合计与资金总额一致' },
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleInfo(id: string): RuleInfo {
  const info = BY_ID.get(id);
  if (!info) throw new Error(`unknown rule ${id}`);
  return info;
}
