/**
 * Seed 001's layout: header cells separated by spaces, a two-column money block
 * (项目年度资金 | 其中：项目自治区本级已分配资金), goal text broken over lines, and one indicator
 * per line prefixed '1、产出指标 数量指标（必填硬性指标）'. A long 三级 name wraps onto the
 * following lines, and the value then stands alone on the last of them.
 */
import type { Block } from './blocks.ts';
import { matchLabel, normalizeLabel } from './header-labels.ts';
import { level1Of, standardLevel1, standardLevel2 } from './levels.ts';
import { splitNameValue } from './name-value.ts';
import type { TableBuilder } from './table-builder.ts';

export const PREFIX_RE = /^\s*\d+、\s*(产出指标|效益指标|满意度指标)\s+([^\s（(]+)([（(][^）)]*[）)])?\s*(.*)$/;

const squash = (s: string): string => s.replace(/[\s\u3000]+/g, '');
const isGoalLabel = (s: string): boolean => squash(s) === '年度总体绩效目标';
const isLocalGoalLabel = (s: string): boolean => squash(s).startsWith('年度绩效目标（本级');
const isIndicatorHead = (s: string): boolean => /^(绩效|类型|绩效类型)?一级指标/.test(squash(s)) || squash(s) === '绩效';

export function parsePrefixedBlock(lines: readonly string[], block: Block, b: TableBuilder): void {
  let j = block.anchor;
  // money lines refer to the annual column first, then to the 本级已分配 column
  let section: 'annual' | 'local' = 'annual';
  for (; j < block.end && !isGoalLabel(lines[j]!); j++) {
    const line = lines[j]!;
    const s = squash(line);
    if (s === '（万元）' || s === '(万元)') b.setUnit('万元', j);
    if (s.includes('本级') && s.startsWith('其中')) section = 'local';
    if (s) parseHeaderLine(line, j, section, b);
  }
  // 年度总体绩效目标: wrapped text up to the next section
  const goal: string[] = [];
  for (j++; j < block.end && !isLocalGoalLabel(lines[j]!) && !isIndicatorHead(lines[j]!); j++) {
    goal.push(lines[j]!.trim());
  }
  b.goal = goal.join('');
  if (j < block.end && isLocalGoalLabel(lines[j]!)) {
    b.doubt(j, '「年度绩效目标（本级已分配资金）」暂无对应字段，未导入');
  }
  while (j < block.end && !PREFIX_RE.test(lines[j]!)) j++;
  parseIndicators(lines, j, block.end, b);
}

function parseHeaderLine(line: string, j: number, section: 'annual' | 'local', b: TableBuilder): void {
  const tokens = line.trim().split(/[\s\u3000]+/).filter((t) => t);
  const seen = new Set<string>();
  for (let k = 0; k < tokens.length; k++) {
    const label = matchLabel(tokens[k]!);
    if (!label || label.kind === 'goal') continue;
    const key = normalizeLabel(tokens[k]!);
    const values: string[] = [];
    while (k + 1 < tokens.length && !matchLabel(tokens[k + 1]!)) values.push(tokens[++k]!);
    const value = values.join(' ');
    // a label twice on one line ('其中：财政拨款 10256.00 其中：财政拨款 8262.00'): annual column first
    const twice = tokens.filter((t) => normalizeLabel(t) === key).length > 1;
    const column = twice ? (seen.has(key) ? 'local' : 'annual') : section;
    seen.add(key);
    if (!value) continue;
    if (label.kind === 'total') {
      b.set(column === 'annual' ? 'annualTotal' : 'localTotal', value, j);
    } else if (column === 'annual' && label.fields.every((f) => f.startsWith('local'))) {
      // the annual column's split has no field of its own; only a surprise is worth a note
      if (!(key === '财政拨款' && value === b.header.annualTotal)) {
        b.doubt(j, `项目年度资金列的「${key}」${value} 暂无对应字段，未导入`);
      }
    } else {
      for (const f of label.fields) b.set(f, value, j);
    }
  }
}

function parseIndicators(lines: readonly string[], from: number, to: number, b: TableBuilder): void {
  let j = from;
  while (j < to) {
    const m = PREFIX_RE.exec(lines[j]!);
    if (!m) {
      if (lines[j]!.trim()) b.doubt(j, '无法识别的指标行，未导入');
      j++;
      continue;
    }
    const start = j;
    const cont: string[] = [];
    for (j++; j < to && !PREFIX_RE.test(lines[j]!); j++) if (lines[j]!.trim()) cont.push(lines[j]!.trim());
    const level1 = standardLevel1(m[1]!) ?? m[1]!;
    const level2 = standardLevel2(m[2]!) ?? m[2]!;
    if (!standardLevel2(m[2]!)) b.doubt(start, `二级指标「${m[2]}」不是标准名称，按原文保留`);
    const parent = level1Of(level2);
    if (parent && parent !== level1) b.doubt(start, `二级指标「${level2}」通常属于「${parent}」，原文列在「${level1}」下，按原文保留`);
    const rest = (m[4] ?? '').trim();
    if (!cont.length) {
      const { name, value } = splitNameValue(rest);
      b.addIndicator(level1, level2, name, value);
    } else {
      // a wrapped name: its pieces join without spaces, the last line is the value
      b.addIndicator(level1, level2, rest + cont.slice(0, -1).join(''), cont[cont.length - 1]!);
    }
  }
}
