/** What a rule check reports, and how the checks are configured. */
export type Severity = 'error' | 'warning' | 'info';

export type FindingTarget =
  | { kind: 'header'; field: string }
  | { kind: 'goal' }
  /** index = position in table.indicators; id copied from the row when it has one. */
  | { kind: 'indicator'; index: number; id?: string; field?: 'name' | 'value' }
  | { kind: 'group'; level1: string; level2: string };

export interface Finding {
  /** Stable id from RULES, e.g. 'money.sum-local'. */
  rule: string;
  severity: Severity;
  /** Chinese, concrete, with the numbers involved. */
  message: string;
  target: FindingTarget;
}

/** How strongly a 二级 指标 is required (the marks printed in seed 001). */
export type Requirement = '必填硬性' | '必填' | '选填';

export interface RuleSet {
  id: string;
  /** Chinese, for the UI. */
  title: string;
  /** Requirement per 二级 name; a 二级 not listed is neither required nor unknown. */
  requirements: Readonly<Record<string, Requirement>>;
  /** 二级 whose values must hold a number (数量, 成本, 满意度). */
  needsNumber: readonly string[];
  /** 二级 whose values must be a date or a duration (时效). */
  needsDate: readonly string[];
  /** 二级 of satisfaction targets, where the comparator should be ≥ or >. */
  satisfaction: readonly string[];
  /** The 二级 holding cost amounts that should add up to the project's money. */
  cost: string;
}

export interface RuleConfig {
  ruleSet: RuleSet;
  /**
   * Allowed gap between the 成本指标 total and the header money, as a fraction of the header
   * amount (0.005 = 0.5%), never less than 0.01 万元 (rounding of published decimals). Seed 000
   * prints its header in whole 万元 (165) against costs in cents (165.62), hence not zero.
   */
  costTolerance: number;
}

export interface RuleInfo {
  id: string;
  severity: Severity;
  /** Chinese, for the checklist. */
  title: string;
}
