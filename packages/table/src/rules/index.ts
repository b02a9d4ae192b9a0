export { checkTable } from './check-table.ts';
export { formatPeriod, type ProjectPeriod, parseProjectPeriod } from './project-period.ts';
export { DEFAULT_RULE_CONFIG, RULE_SET_2021 } from './rule-set-2021.ts';
export { RULES } from './rules-list.ts';
export type { Finding, FindingTarget, Requirement, RuleConfig, RuleInfo, RuleSet, Severity } from './types.ts';
