import { normalizeValueText } from './normalize.ts';
import { impossibleDateReason, parseDate } from './parse-date.ts';
import { parseQuantities } from './parse-quantity.ts';
import type { ParsedValue } from './types.ts';

/**
 * Reads a 指标值 into structure (DOMAIN.md §1): a quantity with comparator and unit, a date or
 * deadline, several quantities (compound), or qualitative text. Never throws; the original
 * text is returned untouched in `text`, and anything odd is reported in `doubts`.
 * Dates are tried first, so '2021年12月' is a deadline, not the quantities 2021年 and 12月.
 */
export function parseIndicatorValue(text: string): ParsedValue {
  const t = normalizeValueText(text);
  if (!t) return { text, kind: 'empty', doubts: [] };
  const date = parseDate(t);
  if (date) {
    const reason = impossibleDateReason(date);
    return { text, kind: 'deadline', date, doubts: reason ? [reason] : [] };
  }
  const q = parseQuantities(t);
  if (q) return { ...q, text };
  return { text, kind: 'qualitative', doubts: [] };
}
