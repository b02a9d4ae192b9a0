import { LEVEL1, SKELETON } from '../skeleton.ts';

/** 二级 name → its standard 一级 (数量指标 → 产出指标). */
export const PARENT_OF: ReadonlyMap<string, string> = new Map(
  SKELETON.flatMap((g) => g.level2.map((l2) => [l2, g.level1] as const)),
);

export const KNOWN_LEVEL1: ReadonlySet<string> = new Set(LEVEL1);
