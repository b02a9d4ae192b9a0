/**
 * Header fields of a target table (项目基本信息, DOMAIN.md §1) with their Chinese labels.
 * Values are kept as published text; money lines are numbers-as-text in the table's money unit.
 */
export const HEADER_FIELDS = {
  projectName: '项目名称',
  department: '主管部门',
  implementingUnit: '实施单位',
  attribute: '项目属性',
  period: '项目期',
  fundOffice: '资金主管处室',
  year: '年度',
} as const;
export type HeaderField = keyof typeof HEADER_FIELDS;

export const MONEY_UNITS = ['万元', '元'] as const;
export type MoneyUnit = (typeof MONEY_UNITS)[number];

/** Money lines: 年度资金总额 = 本级资金 + 转移市县（区）资金, each split further. */
export const MONEY_FIELDS = {
  projectTotal: '项目总额',
  annualTotal: '年度资金总额',
  localTotal: '本级资金',
  localFiscal: '本级·财政拨款',
  localOther: '本级·其他资金',
  localCarryover: '本级·结余结转资金',
  transferTotal: '转移市县（区）资金',
  transferCentral: '转移·中央资金',
  transferRegion: '转移·自治区资金',
} as const;
export type MoneyField = keyof typeof MONEY_FIELDS;

/** The header's fields and money lines with the money unit, as reviewers name them. */
export const HEADER_LABELS: Readonly<Record<HeaderField | MoneyField | 'moneyUnit', string>> = {
  ...HEADER_FIELDS,
  ...MONEY_FIELDS,
  moneyUnit: '金额单位',
};

/** The columns of an indicator row (DOMAIN.md §1, and the self-evaluation's). */
export const INDICATOR_FIELD_LABELS = {
  level1: '一级指标',
  level2: '二级指标',
  name: '三级指标',
  value: '指标值',
  actual: '全年实际完成值',
  score: '得分',
  weight: '分值',
  remark: '备注',
} as const;

/**
 * Longest text a field takes, in characters: far above any published table (the longest 年度总体
 * 绩效目标 of the seeds is about 1,000 characters), low enough that one paste stays one modest
 * websocket message. The editor stops input there and says so.
 */
export const TEXT_LIMITS = { goal: 20_000, cell: 2_000 } as const;
