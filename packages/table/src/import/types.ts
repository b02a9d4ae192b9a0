import type { TableJSON } from '../table-doc.ts';

/** Something the importer was unsure about, for a person to check against the publication. */
export interface Doubt {
  /** 1-based line of the published text. */
  line: number;
  /** In Chinese: what looks wrong and what the importer did about it. */
  message: string;
  /** The published line, as is. */
  text: string;
}

export interface ImportedTable {
  table: TableJSON;
  doubts: Doubt[];
  /** 1-based, inclusive line range of the table (all its pages) in the text. */
  source: { startLine: number; endLine: number };
}

export interface ImportResult {
  tables: ImportedTable[];
  /** 绩效自评表 found in the text (seed 002). */
  selfEvaluations: ImportedSelfEvaluation[];
  /** Doubts about the text outside any table (each table carries its own). */
  doubts: Doubt[];
}

/** Header fields of a 绩效自评表, as published (DOMAIN.md §2). */
export const SELF_EVAL_HEADER_FIELDS = {
  projectName: '项目名称',
  centralDepartment: '中央主管部门',
  localDepartment: '地方主管部门',
  fundUser: '资金使用单位',
  department: '主管部门',
  implementingUnit: '实施单位',
  year: '年度',
} as const;
export type SelfEvalHeaderField = keyof typeof SELF_EVAL_HEADER_FIELDS;

/**
 * One funding line (年度资金总额, 其中：中央财政资金 …). Cells are published text; a missing
 * cell is absent. Transfer tables publish budget/executed/rate, project tables all six.
 */
export interface SelfEvalFundingLine {
  label: string;
  /** 年初预算数 */
  initialBudget?: string;
  /** 全年预算数 (A) */
  budget?: string;
  /** 全年执行数 (B) */
  executed?: string;
  /** 分值 */
  weight?: string;
  /** 执行率 (B/A×100%) */
  rate?: string;
  /** 得分 */
  score?: string;
}

/** A 资金管理情况 row (分配科学性 …). */
export interface SelfEvalManagementRow {
  item: string;
  /** 情况说明 */
  description: string;
  /** 存在问题和改进措施 */
  problems: string;
}

export interface SelfEvalIndicator {
  level1: string;
  level2: string;
  name: string;
  /** 指标值 (年度指标值) */
  value: string;
  /** 全年实际完成值 */
  actual: string;
  /** 分值 (project tables) */
  weight?: string;
  /** 得分 (project tables) */
  score?: string;
  /** 偏差原因分析及改进措施 / 未完成原因和改进措施 */
  remark: string;
}

/** A 绩效自评表 as published: plain JSON. */
export interface ImportedSelfEvaluation {
  /** transfer: 转移支付区域（项目）绩效目标自评表; project: 项目支出绩效自评表 */
  kind: 'transfer' | 'project';
  title: string;
  header: Partial<Record<SelfEvalHeaderField, string>>;
  moneyUnit: '万元' | '元';
  funding: SelfEvalFundingLine[];
  /** transfer tables only */
  management: SelfEvalManagementRow[];
  /** 总体目标 / 预期目标 */
  goal: string;
  /** 全年实际完成情况 / 实际完成情况 */
  goalActual: string;
  indicators: SelfEvalIndicator[];
  /** 总分 row of project tables: 分值 total and 得分 total */
  total?: { weight: string; score: string };
  doubts: Doubt[];
  source: { startLine: number; endLine: number };
}
