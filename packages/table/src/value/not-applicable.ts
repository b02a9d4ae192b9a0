/**
 * 不涉及 / 无 / 不适用 (and dash placeholders) mark a 二级 row as "not applicable" (DOMAIN.md §1).
 * Such a text is a deliberate answer, not a missing one.
 */
const NOT_APPLICABLE = new Set(['不涉及', '无', '不适用', '暂无', '/', '-', '—', '——', '无此项']);

export function isNotApplicable(text: string): boolean {
  return NOT_APPLICABLE.has(text.trim());
}
