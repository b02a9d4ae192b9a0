/**
 * Seed 004's layout: text broken one cell per line, narrow cells broken further ('实施单' /
 * '位', '产' / '出' / '指' / '标'), a 三级 name wrapping over lines with its value on the next
 * line, and 一级 cells sometimes missing. Fragments are glued back while they spell a known
 * label; wrapped names are told from values by line length.
 */
import { LEVEL1, SKELETON } from '../skeleton.ts';
import type { Block } from './blocks.ts';
import { matchLabel, normalizeLabel } from './header-labels.ts';
import { level1Of, standardLevel1, standardLevel2 } from './levels.ts';
import { splitNameValue } from './name-value.ts';
import type { TableBuilder } from './table-builder.ts';

const squash = (s: string): string => s.replace(/[\s\u3000]+/g, '');
const HEADER_WORDS = ['项目名称', '主管部门', '实施单位', '项目属性', '项目期', '项目资金', '绩效目标'];
const LEVEL_WORDS = [
  ...LEVEL1,
  ...SKELETON.flatMap((g) => g.level2.flatMap((l) => [l, l.replace(/指标$/, '')])),
];
/** A wrapped name line is (nearly) as wide as its cell; a value is short. */
const FULL_LINE = 14;
const MAX_VALUE = 10;

export function parseCellBlock(lines: readonly string[], block: Block, b: TableBuilder): void {
  let j = parseHeader(lines, block, b);
  j = parseGoal(lines, j, block.end, b);
  while (j < block.end && !lines[j]!.includes('指标值')) j++;
  parseIndicators(lines, j + 1, block.end, b);
}

/** Header tokens up to the goal label; returns the goal label's line. */
function parseHeader(lines: readonly string[], block: Block, b: TableBuilder): number {
  const tokens: Array<{ text: string; line: number }> = [];
  let j = block.anchor;
  let frag = '';
  for (; j < block.end && !squash(lines[j]!).startsWith('年度总体绩效目标'); j++) {
    const s = lines[j]!.trim();
    if (!s) continue;
    if (/^[（(]万元[）)]$/.test(squash(s))) b.setUnit('万元', j);
    if (!/\s/.test(s) && HEADER_WORDS.some((w) => w.startsWith(frag + s) && w !== frag + s)) {
      frag += s; // a label broken over lines
      continue;
    }
    if (frag) tokens.push({ text: frag + (HEADER_WORDS.includes(frag + s) ? s : ''), line: j });
    if (frag && HEADER_WORDS.includes(frag + s)) {
      frag = '';
      continue;
    }
    frag = '';
    for (const t of s.split(/[\s\u3000]+/)) {
      // '年度资金总额（含本级）5': label and value without a space
      const m = /^(.+[）)])([\d.]+)$/.exec(t);
      if (m && matchLabel(m[1]!)) tokens.push({ text: m[1]!, line: j }, { text: m[2]!, line: j });
      else tokens.push({ text: t, line: j });
    }
  }
  const lineCount = new Map<string, number>();
  for (const t of tokens) {
    const key = `${t.line}:${normalizeLabel(t.text)}`;
    lineCount.set(key, (lineCount.get(key) ?? 0) + 1);
  }
  const seen = new Set<string>();
  for (let k = 0; k < tokens.length; k++) {
    const { text, line } = tokens[k]!;
    const label = matchLabel(text);
    if (!label || label.kind !== 'field') continue;
    const values: string[] = [];
    while (k + 1 < tokens.length && !matchLabel(tokens[k + 1]!.text) && !HEADER_WORDS.includes(squash(tokens[k + 1]!.text)) && !/^[（(]万元[）)]$/.test(tokens[k + 1]!.text)) {
      values.push(tokens[++k]!.text);
    }
    // '其中：财政拨款 其中：财政拨款 7.5': the first is the (empty) 含本级和市县 column
    const key = `${line}:${normalizeLabel(text)}`;
    const first = (lineCount.get(key) ?? 0) > 1 && !seen.has(key);
    seen.add(key);
    if (first) {
      if (values.length) b.doubt(line, `「含本级和市县」列的「${normalizeLabel(text)}」${values.join(' ')} 暂无对应字段，未导入`);
      continue;
    }
    if (!values.length) {
      // an empty 其他资金 just means none; a missing total is worth a look
      if (label.fields.includes('annualTotal') && !b.has('annualTotal')) {
        b.doubt(line, `「${normalizeLabel(text)}」未填写金额，留空`);
      }
      continue;
    }
    for (const f of label.fields) b.set(f, values.join(' '), line);
  }
  return j;
}

/** The goal label (broken over lines up to its closing bracket), then text up to 绩/效/指/标. */
function parseGoal(lines: readonly string[], from: number, to: number, b: TableBuilder): number {
  let j = from;
  while (j < to && !/[）)]/.test(lines[j]!)) j++;
  const parts: string[] = [];
  for (j++; j < to; j++) {
    const s = lines[j]!.trim();
    if (s === '绩' && lines.slice(j + 1, to).find((l) => l.trim())?.trim() === '效') break;
    if (squash(s).startsWith('一级')) break;
    if (s) parts.push(s);
  }
  b.goal = parts.join('');
  return j;
}

function parseIndicators(lines: readonly string[], from: number, to: number, b: TableBuilder): void {
  let level1 = '';
  let level2 = '';
  let explicitLevel1 = false; // a 一级 cell was published since the last 二级
  let run: Array<{ text: string; line: number }> = [];
  let frag: { text: string; line: number } | undefined;

  const setLevel = (word: string, line: number): void => {
    const l1 = standardLevel1(word);
    if (l1) {
      level1 = l1;
      explicitLevel1 = true;
      return;
    }
    level2 = standardLevel2(word) ?? word;
    const parent = level1Of(level2);
    if (parent && parent !== level1) {
      if (explicitLevel1) b.doubt(line, `二级指标「${level2}」通常属于「${parent}」，原文列在「${level1}」下，按原文保留`);
      else {
        if (level1) b.doubt(line, `原文缺少一级指标「${parent}」的单元格，按二级指标「${level2}」推定`);
        else b.doubt(line, `原文未写一级指标，按二级指标「${level2}」推定为「${parent}」`);
        level1 = parent;
      }
    }
    explicitLevel1 = false;
  };
  const flushFrag = (): void => {
    if (!frag) return;
    if (standardLevel1(frag.text) || standardLevel2(frag.text)) setLevel(frag.text, frag.line);
    else run.push(frag); // not a level after all: content
    frag = undefined;
  };
  const flushRun = (): void => {
    for (const row of partitionRun(run, b)) b.addIndicator(level1, level2, row.name, row.value);
    run = [];
  };

  for (let j = from; j < to; j++) {
    const s = lines[j]!.trim();
    if (!s) continue;
    const isPrefix = (t: string): boolean => !/\s/.test(s) && LEVEL_WORDS.some((w) => w.startsWith(t));
    if (frag && isPrefix(frag.text + squash(s))) {
      frag.text += squash(s);
      continue;
    }
    flushFrag();
    if (isPrefix(squash(s))) {
      flushRun();
      frag = { text: squash(s), line: j };
      continue;
    }
    const tokens = s.split(/[\s\u3000]+/);
    const head = tokens[0]!;
    // '服务对象满意度 ≥98%' right under the 服务对象满意度指标 cell is a row, not the 二级 again
    const repeated = standardLevel2(head) === level2 && !run.length;
    if (tokens.length > 1 && !repeated && (standardLevel2(head) || standardLevel1(head))) {
      flushRun();
      setLevel(head, j);
      run.push({ text: tokens.slice(1).join(' '), line: j });
      continue;
    }
    if (/\s/.test(s) && !run.length) {
      const { name, value } = splitNameValue(s);
      b.addIndicator(level1, level2, name, value);
      continue;
    }
    if (/\s/.test(s)) {
      // a wrapped name ending on a line that also holds the value
      flushRun();
      run.push({ text: s, line: j });
      flushRun();
      continue;
    }
    run.push({ text: s, line: j });
  }
  flushFrag();
  flushRun();
}

/**
 * Lines of names and values with no spaces: each row is one or more name lines, every
 * one but the last full width, then a short value line. Found by search; rows that cannot
 * be told apart are kept line by line and flagged.
 */
function partitionRun(run: Array<{ text: string; line: number }>, b: TableBuilder): Array<{ name: string; value: string }> {
  if (!run.length) return [];
  if (run.length === 1 || run.some((r) => /\s/.test(r.text))) {
    if (run.length === 1) return [splitNameValue(run[0]!.text)];
    // a name wrapped over lines, the last holding 'rest-of-name value'
    const last = splitNameValue(run[run.length - 1]!.text);
    return [{ name: run.slice(0, -1).map((r) => r.text).join('') + last.name, value: last.value }];
  }
  const n = run.length;
  // best[i]: a partition of run[i..] into rows, or null
  const best: Array<Array<{ name: string; value: string }> | null> = new Array(n + 1).fill(null);
  best[n] = [];
  for (let i = n - 1; i >= 0; i--) {
    for (let v = i + 1; v < n; v++) {
      // name lines run[i..v-1], value run[v]
      const nameLines = run.slice(i, v);
      if (nameLines.slice(0, -1).some((r) => r.text.length < FULL_LINE)) break;
      if (run[v]!.text.length > MAX_VALUE || !best[v + 1]) continue;
      best[i] = [{ name: nameLines.map((r) => r.text).join(''), value: run[v]!.text }, ...best[v + 1]!];
      break;
    }
  }
  if (best[0]) return best[0];
  for (const r of run) b.doubt(r.line, '无法区分换行的三级指标与指标值，此行按单独一行导入，请核对');
  return run.map((r) => ({ name: r.text, value: '' }));
}
