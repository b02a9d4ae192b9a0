/**
 * The tab-separated layout (seeds 000 and 003): one table row per line, cells split by tabs.
 * Header rows pair labels with the value in the next cell; indicator rows are
 * 一级 / 二级 / 三级 / 指标值 with the 一级 and 二级 cells left empty under a merged cell.
 * Seed 000's first table shifts cells: some values sit one line below their label, some
 * rows lose their leading cells, and the 二级 column holds a 三级 name. Every row is kept;
 * whatever had to be guessed is flagged.
 */
import type { Block } from './blocks.ts';
import { type HeaderKey, matchLabel, unitInLabel } from './header-labels.ts';
import { level1Of, standardLevel1, standardLevel2 } from './levels.ts';
import { fieldLabel, type TableBuilder } from './table-builder.ts';

interface Cell {
  col: number;
  text: string;
}

function cellsOf(line: string): Cell[] {
  return line
    .split('\t')
    .map((t, col) => ({ col, text: t.trim() }))
    .filter((c) => c.text !== '');
}

const isIndicatorHead = (line: string): boolean => /^一级(绩效)?指标/.test(line.trim());

export function parseTabBlock(lines: readonly string[], block: Block, b: TableBuilder): void {
  // header rows run until the 一级指标 title row
  const headEnd = (() => {
    for (let j = block.anchor; j < block.end; j++) if (isIndicatorHead(lines[j]!)) return j;
    return block.end;
  })();
  parseHeader(lines, block.anchor, headEnd, b);
  if (headEnd === block.end) b.doubt(block.anchor, '未找到「一级指标」表头行，未导入绩效指标');
  parseIndicators(lines, headEnd + 1, block.end, b);
}

function parseHeader(lines: readonly string[], from: number, to: number, b: TableBuilder): void {
  // the transfer (转移市县) money sits in the right-hand columns: find where they start
  let transferCol = Number.POSITIVE_INFINITY;
  for (let j = from; j < to; j++) {
    for (const c of cellsOf(lines[j]!)) if (/^转移市县/.test(c.text.replace(/^其中[:：]\s*/, ''))) transferCol = Math.min(transferCol, c.col);
  }
  // labels still waiting for a value, with the line they were published on
  let pending: Array<{ fields: HeaderKey[]; line: number }> = [];
  let goalOpen = false;
  for (let j = from; j < to; j++) {
    const cells = cellsOf(lines[j]!);
    if (!cells.length) continue;
    let k = 0;
    while (k < cells.length) {
      const cell = cells[k]!;
      const label = matchLabel(cell.text);
      if (label?.kind === 'goal') {
        b.goal = cells
          .slice(k + 1)
          .map((c) => c.text)
          .join('');
        goalOpen = b.goal === '';
        break;
      }
      if (label) {
        goalOpen = false;
        const unit = unitInLabel(cell.text);
        if (unit) b.setUnit(unit, j);
        const fields: HeaderKey[] =
          label.kind === 'total' ? [cell.col >= transferCol ? 'transferTotal' : 'localTotal'] : label.fields;
        const next = cells[k + 1];
        if (next && !matchLabel(next.text)) {
          for (const f of fields) b.set(f, next.text, j);
          k += 2;
        } else {
          pending.push({ fields, line: j });
          k += 1;
        }
        continue;
      }
      if (goalOpen) {
        b.goal += cell.text;
        k += 1;
        continue;
      }
      // a value with no label before it: the layout shifted it below its label's line
      const owner = pending.filter((p) => p.line < j).pop();
      if (owner) {
        pending = pending.filter((p) => p !== owner);
        const already = owner.fields.every((f) => b.header[f] === cell.text);
        for (const f of owner.fields) b.set(f, cell.text, j);
        if (!already) {
          b.doubt(j, `单元格错位：「${cell.text}」推定为上一行「${owner.fields.map(fieldLabel).join('/')}」的值，请核对`);
        }
      } else {
        b.doubt(j, `无法归属的表头单元格「${cell.text}」，未导入`);
      }
      k += 1;
    }
  }
  const missing = new Set<HeaderKey>();
  for (const p of pending) for (const f of p.fields) if (!b.has(f)) missing.add(f);
  for (const f of missing) {
    const p = pending.find((q) => q.fields.includes(f))!;
    b.doubt(p.line, `未找到「${fieldLabel(f)}」的值（表格错位或未填写），留空`);
  }
}

function parseIndicators(lines: readonly string[], from: number, to: number, b: TableBuilder): void {
  let level1 = '';
  let level2 = '';
  for (let j = from; j < to; j++) {
    const raw = lines[j]!.split('\t').map((t) => t.trim());
    if (!raw.some((t) => t)) continue;
    // no 一级 column (other provinces): the row starts with its 二级
    const first = standardLevel2(raw[0] ?? '');
    if (first && raw.filter((t) => t).length > 2) raw.unshift(level1Of(first) ?? level1);
    const c0 = raw[0] ?? '';
    const c1 = raw[1] ?? '';
    const l1 = c0 ? standardLevel1(c0) : undefined;
    if (c0 && !l1) {
      // the leading 一级/二级 cells are missing: the row slid left
      const rest = raw.slice(1).filter((t) => t);
      b.addIndicator(level1, level2, c0, rest[rest.length - 1] ?? '');
      b.doubt(j, `此行缺少一级、二级指标单元格（版面错位），按上一行归入「${level1}／${level2}」，请核对`);
      if (rest.length > 1) b.doubt(j, `此行有多余的单元格：${rest.slice(0, -1).map((t) => `「${t}」`).join('')}，未导入`);
      continue;
    }
    if (l1) {
      if (l1 !== level1) level1 = l1;
    }
    const rest = raw.slice(2).filter((t) => t);
    const l2 = c1 ? standardLevel2(c1) : undefined;
    if (c1 && !l2) {
      // the 二级 column holds a 三级 name: keep the row, under the 二级 above
      b.addIndicator(level1, level2, c1, rest[rest.length - 1] ?? '');
      b.doubt(
        j,
        `二级指标栏为「${c1}」，不是标准二级指标；作为三级指标导入，二级按上一行记为「${level2}」` +
          (l1 ? `，一级按原文为「${l1}」` : '') +
          '，请核对',
      );
      if (rest.length > 1) b.doubt(j, `此行有多余的单元格：${rest.slice(0, -1).map((t) => `「${t}」`).join('')}，未导入`);
      continue;
    }
    if (l2) level2 = l2;
    else if (l1) b.doubt(j, `一级指标「${l1}」下未写二级指标，沿用「${level2}」`);
    const parent = level1Of(level2);
    if (l2 && parent && parent !== level1) {
      b.doubt(j, `二级指标「${level2}」通常属于「${parent}」，原文列在「${level1}」下，按原文保留`);
    }
    const joined = joinValueCells(rest.slice(1));
    if (joined !== undefined) {
      b.addIndicator(level1, level2, rest[0] ?? '', joined);
      continue;
    }
    if (rest.length > 2) b.doubt(j, `此行有多余的单元格：${rest.slice(1, -1).map((t) => `「${t}」`).join('')}，未导入`);
    b.addIndicator(level1, level2, rest[0] ?? '', rest.length > 1 ? rest[rest.length - 1]! : '');
  }
}

const COMPARATOR_CELL = /^(≥|≤|>|<|＞|＜|=|＝|≈|不少于|不低于|不高于|不超过|不多于|大于|小于|等于|约)$/;
const NUMBER_CELL = /^[-+]?\d+([.,]\d+)*%?$/;

/**
 * Layouts with separate 指标性质 / 指标值 / 度量单位 columns ('≥', '1700', '人次'): the cells
 * make one 指标值 '≥1700人次'. Undefined when the cells do not look like that.
 */
export function joinValueCells(cells: readonly string[]): string | undefined {
  if (cells.length < 2 || cells.length > 3) return undefined;
  const [a, b2, c] = cells;
  if (cells.length === 3 && COMPARATOR_CELL.test(a!) && NUMBER_CELL.test(b2!) && !NUMBER_CELL.test(c!)) return a! + b2! + c!;
  if (cells.length === 2 && COMPARATOR_CELL.test(a!) && NUMBER_CELL.test(b2!)) return a! + b2!;
  if (cells.length === 2 && NUMBER_CELL.test(a!) && !NUMBER_CELL.test(b2!) && b2!.length <= 4) return a! + b2!;
  return undefined;
}
