/**
 * Recognising 一级/二级 indicator names as published ('经济效益', '数量指标（必填硬性指标）',
 * '社会效益 指标' broken over lines) and mapping them to the skeleton's standard names.
 */
import { LEVEL1, type Level1, SKELETON } from '../skeleton.ts';

const squash = (s: string): string => s.replace(/[\s\u3000]+/g, '');

/** The standard 一级 name, or undefined when the text is not one. */
export function standardLevel1(text: string): Level1 | undefined {
  const s = squash(text).replace(/^\d+[、.．]/, '');
  return LEVEL1.find((l) => s === l || s === l.replace(/指标$/, ''));
}

/** The standard 二级 name, or undefined when the text is not one. */
export function standardLevel2(text: string): string | undefined {
  // drop seed 001's mandatory marks such as （必填硬性指标）
  const s = squash(text).replace(/[（(][^）)]*[）)]$/, '');
  for (const g of SKELETON) {
    for (const l of g.level2) if (s === l || s === l.replace(/指标$/, '')) return l;
  }
  return undefined;
}

/** The 一级 a standard 二级 belongs to in the skeleton. */
export function level1Of(level2: string): Level1 | undefined {
  return SKELETON.find((g) => g.level2.includes(level2))?.level1;
}
