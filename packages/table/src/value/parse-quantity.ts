import { isSuffixWord, prefixComparator, splitSuffixComparator } from './comparator-words.ts';
import type { Comparator, ParsedValue } from './types.ts';

/**
 * One quantity per match: free text before the number (where a comparator word may sit: 计划,
 * 每年, 不超预算 …), the number, and the unit run after it up to a space, digit or separator.
 * Several matches make a compound value ('≥8次235人', '20 人; 2.8 万人', '2万份 0.5 万元').
 */
const SEGMENT = /([^\d;；,，、]*?)(\d+(?:\.\d+)?)\s*([^\d\s;；,，、]*)/g;
/** 'a-b', 'a~b', 'a至b' (a range): both ends, unit usually written once at the end. */
const RANGE = /^([^\d]*?)(\d+(?:\.\d+)?)\s*([^\d\s~至到-]*)\s*(?:-|~|至|到)\s*(\d+(?:\.\d+)?)\s*([^\d\s]*)$/;
/** One Chinese numeral and a measure word when no digit is written: 开展一次, 每年一次. */
const CN_COUNT = /^([^\d]*?)([一二两三四五六七八九十])(次|个|项|台|套|名|人|家|份|批|轮|期|场)(.*)$/;
const CN_DIGITS: Readonly<Record<string, number>> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};
const TRAILING_PUNCTUATION = /[。.；;，,、]+$/;
const HAS_DIGIT = /\d/;

function quantity(text: string, prefix: string, num: number, rawUnit: string): ParsedValue {
  const doubts: string[] = [];
  const [unit, suffixCmp] = splitSuffixComparator(rawUnit.replace(TRAILING_PUNCTUATION, ''));
  const prefixCmp = prefixComparator(prefix);
  let comparator: Comparator | undefined = prefixCmp ?? suffixCmp;
  if (prefixCmp && suffixCmp && prefixCmp !== suffixCmp) {
    doubts.push(`比较符矛盾：前面是「${prefixCmp}」，后面是「${suffixCmp}」，按前者理解`);
    comparator = prefixCmp;
  }
  const v: ParsedValue = { text, kind: 'quantitative', number: num, unit, doubts };
  if (comparator) v.comparator = comparator;
  return v;
}

/** Quantities in a normalised text, or undefined when it holds no number at all. */
export function parseQuantities(t: string): ParsedValue | undefined {
  if (!HAS_DIGIT.test(t)) {
    const cn = CN_COUNT.exec(t);
    if (!cn) return undefined;
    const [, prefix = '', digit = '', unit = '', tail = ''] = cn;
    if (tail && !isSuffixWord(tail.trim())) return undefined;
    return quantity(t, prefix, CN_DIGITS[digit] ?? 1, unit + tail.trim());
  }
  const range = RANGE.exec(t);
  if (range) {
    const [, prefix = '', a = '', unitA = '', b = '', unitB = ''] = range;
    const low = quantity(`${prefix}${a}${unitA || unitB}`, '≥', Number(a), unitA || unitB);
    const high = quantity(`${b}${unitB}`, '≤', Number(b), unitB);
    return { text: t, kind: 'compound', parts: [low, high], doubts: [] };
  }
  const parts: ParsedValue[] = [];
  let end = 0;
  for (const m of t.matchAll(SEGMENT)) {
    const [whole, prefix = '', digits = '', unit = ''] = m;
    parts.push(quantity(whole.trim(), prefix, Number(digits), unit));
    end = (m.index ?? 0) + whole.length;
  }
  const last = parts[parts.length - 1];
  if (!last) return undefined;
  const tail = t.slice(end).replace(TRAILING_PUNCTUATION, '').trim();
  if (tail) {
    // A comparator word standing apart ('100 人次 以上') belongs to the last quantity.
    const [, cmp] = splitSuffixComparator(tail);
    if (isSuffixWord(tail) && cmp && !last.comparator) last.comparator = cmp;
    else last.doubts.push(`数值后的文字「${tail}」未能识别`);
  }
  if (parts.length === 1) return { ...last, text: t };
  const doubts = parts.flatMap((p) => p.doubts);
  return { text: t, kind: 'compound', parts, doubts };
}
