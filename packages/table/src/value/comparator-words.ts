import type { Comparator } from './types.ts';

/**
 * Comparators written before the number, as symbols or words. Longer words come first in the
 * alternation so that 不超过 wins over 超过 and 不少于 over 少于. 达到 ("reach") reads as ≥.
 */
const PREFIX_WORDS: ReadonlyArray<readonly [string, Comparator]> = [
  ['大于等于', '≥'],
  ['大于或等于', '≥'],
  ['不少于', '≥'],
  ['不低于', '≥'],
  ['不小于', '≥'],
  ['不得少于', '≥'],
  ['不得低于', '≥'],
  ['至少', '≥'],
  ['最少', '≥'],
  ['达到', '≥'],
  ['小于等于', '≤'],
  ['小于或等于', '≤'],
  ['不超过', '≤'],
  ['不超出', '≤'],
  ['不得超过', '≤'],
  ['不高于', '≤'],
  ['不大于', '≤'],
  ['不多于', '≤'],
  ['最多', '≤'],
  ['控制在', '≤'],
  ['不超', '≤'],
  ['大于', '>'],
  ['高于', '>'],
  ['超过', '>'],
  ['多于', '>'],
  ['小于', '<'],
  ['低于', '<'],
  ['少于', '<'],
  ['约为', '≈'],
  ['大约', '≈'],
  ['约', '≈'],
  ['≥', '≥'],
  ['≤', '≤'],
  ['>', '>'],
  ['<', '<'],
  ['=', '='],
  ['≈', '≈'],
  ['~', '≈'],
];
const PREFIX_MAP = new Map(PREFIX_WORDS);
// Sorted by length so the regex alternation tries the longest word at each position first.
const PREFIX_RE = new RegExp(
  [...PREFIX_MAP.keys()]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
);

/** The first comparator word or symbol in the text before a number. */
export function prefixComparator(prefix: string): Comparator | undefined {
  const m = PREFIX_RE.exec(prefix);
  return m ? PREFIX_MAP.get(m[0]) : undefined;
}

/** Comparators written after the number+unit: 以上 includes the number, as usual in Chinese. */
const SUFFIX_RE = /(及以上|以上|及以下|以下|以内|之内|内|左右|上下)$/;
const SUFFIX_MAP: Readonly<Record<string, Comparator>> = {
  及以上: '≥',
  以上: '≥',
  及以下: '≤',
  以下: '≤',
  以内: '≤',
  之内: '≤',
  内: '≤',
  左右: '≈',
  上下: '≈',
};

/** Splits a trailing comparator word off a unit: '%左右' → ['%', '≈']. */
export function splitSuffixComparator(unit: string): [string, Comparator | undefined] {
  const m = SUFFIX_RE.exec(unit);
  if (!m) return [unit, undefined];
  return [unit.slice(0, unit.length - m[0].length), SUFFIX_MAP[m[0]]];
}

/** True when the whole text is only a suffix comparator (a tail like ' 以上'). */
export function isSuffixWord(text: string): boolean {
  return text in SUFFIX_MAP;
}
