/**
 * Splitting '三级指标 指标值' text where the publication separates the two cells only by a
 * space, and values themselves may contain spaces ('≥ 90%', '不超过 7.5 万元', '2022 年 12 月前').
 * Value parts are taken from the end while they look like parts of a value.
 */
const COMPARATOR = /^(≥|≤|>|<|＞|＜|=|不少于|不低于|不高于|不超|不晚于|约|大于|小于)/;
const UNIT_ONLY = /^(万元|元|名|人|人次|次|年|月|日|月前|月底|日前|%|％|套|份|个|台|家|项|万人|天|小时|分钟)$/;

function isValuePart(token: string): boolean {
  return /^[\d.．]/.test(token) || COMPARATOR.test(token) || UNIT_ONLY.test(token);
}

export function splitNameValue(text: string): { name: string; value: string } {
  const tokens = text.trim().split(/[\s\u3000]+/).filter((t) => t);
  if (tokens.length < 2) return { name: tokens[0] ?? '', value: '' };
  let k = tokens.length - 1; // the last token is always (part of) the value
  while (k > 1 && isValuePart(tokens[k - 1]!) && isValuePart(tokens[k]!)) k--;
  return { name: tokens.slice(0, k).join(' '), value: tokens.slice(k).join(' ') };
}
