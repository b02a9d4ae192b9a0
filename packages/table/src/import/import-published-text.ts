/**
 * Importing the published text of target tables (项目支出预算绩效目标表) into TableJSON.
 * Pure: takes the text, returns tables plus the doubts a person should check. Three
 * layouts are recognised per table: tab-separated (seeds 000, 003), one indicator per line
 * with '1、产出指标 数量指标（必填硬性指标）' prefixes (seed 001) and one cell per line
 * (seed 004). A table that runs over several pages repeating its header is merged.
 */
import { type Block, findBlocks, isTitle, yearInTitle, yearLine } from './blocks.ts';
import { parseCellBlock } from './cell-layout.ts';
import { PREFIX_RE, parsePrefixedBlock } from './prefixed-layout.ts';
import { importSelfEvaluation, isSelfEvalTitle } from './self-eval.ts';
import { parseTabBlock } from './tab-layout.ts';
import { TableBuilder } from './table-builder.ts';
import type { Doubt, ImportedTable, ImportResult } from './types.ts';

export function importPublishedText(text: string): ImportResult {
  const lines = normalizeLines(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n'));
  const doubts: Doubt[] = [];
  if (!text.trim()) {
    return { tables: [], selfEvaluations: [], doubts: [{ line: 1, message: '内容为空，没有可导入的表格', text: '' }] };
  }
  const tables: ImportedTable[] = [];
  const selfEvaluations = selfEvalRegions(lines).map(([s, e]) => importSelfEvaluation(lines, s, e));
  const inSelfEval = (i: number) => selfEvaluations.some((t) => i >= t.source.startLine - 1 && i < t.source.endLine);
  for (const block of findBlocks(lines)) {
    if (inSelfEval(block.anchor)) continue;
    const title = lines.slice(block.start, block.anchor).find(isTitle);
    if (title?.includes('自评')) {
      doubts.push({ line: block.anchor + 1, message: '这是绩效自评表，不是绩效目标表，未导入', text: lines[block.anchor]! });
      continue;
    }
    const table = importBlock(lines, block);
    const prev = tables[tables.length - 1];
    if (prev && isNextPage(prev, table)) mergePage(prev, table);
    else tables.push(table);
  }
  if (!tables.length && !selfEvaluations.length) {
    doubts.push({ line: 1, message: '未找到绩效目标表（没有「项目名称」行）', text: lines[0] ?? '' });
  }
  return { tables, selfEvaluations, doubts };
}

/**
 * Layouts of other provinces, brought to the tab-separated one line by line (so line numbers
 * stay those of the input): '| 产出指标 | 数量指标 | … |' cells become tab-separated and
 * '|---|---|' rules become blank lines.
 */
function normalizeLines(lines: string[]): string[] {
  return lines.map((line) => {
    const t = line.trim();
    if (!/^\|.*\|$/.test(t)) return line;
    if (/^\|[\s:|-]+\|$/.test(t)) return '';
    return t.slice(1, -1).split('|').map((c) => c.trim()).join('\t');
  });
}

/** [title line, end) of every 绩效自评表: up to the next 附件 mark or title, or the end. */
function selfEvalRegions(lines: readonly string[]): Array<[number, number]> {
  const titles = lines.flatMap((l, i) => (isSelfEvalTitle(l) ? [i] : []));
  return titles.map((t, k) => {
    let end = titles[k + 1] ?? lines.length;
    if (k + 1 < titles.length) {
      while (end > t + 1 && (!lines[end - 1]!.trim() || /^附件\d*$/.test(lines[end - 1]!.trim()))) end--;
    }
    while (end > t + 1 && !lines[end - 1]!.trim()) end--;
    return [t, end];
  });
}

function importBlock(lines: readonly string[], block: Block): ImportedTable {
  const b = new TableBuilder(lines);
  for (let j = block.start; j < block.anchor; j++) {
    const y = yearLine(lines[j]!) ?? yearInTitle(lines[j]!);
    if (y) b.set('year', y, j);
    if (/^\s*单位[:：]\s*万元/.test(lines[j]!)) b.setUnit('万元', j);
    else if (/^\s*单位[:：]\s*元/.test(lines[j]!)) b.setUnit('元', j);
  }
  const anchor = lines[block.anchor]!;
  if (anchor.includes('\t')) parseTabBlock(lines, block, b);
  else if (lines.slice(block.anchor, block.end).some((l) => PREFIX_RE.test(l))) parsePrefixedBlock(lines, block, b);
  else parseCellBlock(lines, block, b);
  if (!b.header.moneyUnit) b.doubt(block.anchor, '未找到金额单位，按「万元」处理');
  if (!b.header.projectName) b.doubt(block.anchor, '未找到项目名称');
  const table = b.toJSON();
  if (!table.header.moneyUnit) table.header.moneyUnit = '万元';
  b.doubts.sort((x, y) => x.line - y.line);
  return { table, doubts: b.doubts, source: { startLine: block.start + 1, endLine: block.end } };
}

/** A page of the same table: same project, header repeated. */
function isNextPage(prev: ImportedTable, next: ImportedTable): boolean {
  const a = prev.table.header.projectName;
  return a !== undefined && a === next.table.header.projectName;
}

function mergePage(into: ImportedTable, page: ImportedTable): void {
  const line = page.source.startLine;
  const text = `第 ${line} 行起的续页`;
  for (const [k, v] of Object.entries(page.table.header)) {
    const old = (into.table.header as Record<string, string | undefined>)[k];
    if (old === undefined) (into.table.header as Record<string, string>)[k] = v;
    else if (old !== v) into.doubts.push({ line, message: `续页表头「${k}」为「${v}」，与首页「${old}」不同，保留首页`, text });
  }
  if (page.table.goal && page.table.goal !== into.table.goal) {
    into.doubts.push({ line, message: '续页的年度总体绩效目标与首页不同，保留首页', text });
  }
  into.table.indicators.push(...page.table.indicators);
  // repeated pages repeat the same header doubts: keep one of each
  const known = new Set(into.doubts.map((d) => d.message));
  into.doubts.push(...page.doubts.filter((d) => !known.has(d.message)));
  into.source.endLine = page.source.endLine;
}
