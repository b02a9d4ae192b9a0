export { normalizeValueText } from './normalize.ts';
export { isNotApplicable } from './not-applicable.ts';
export { formatDate, impossibleDateReason } from './parse-date.ts';
export { parseIndicatorValue } from './parse-indicator-value.ts';
export type { Comparator, DateBound, ParsedValue, ValueDate, ValueKind } from './types.ts';
export { hasNumber, isDuration, isPercent, isPerUnit, moneyInWan, wanPerUnit } from './units.ts';
