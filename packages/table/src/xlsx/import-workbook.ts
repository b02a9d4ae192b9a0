/**
 * Reads target tables back from an .xlsx workbook: the layout written by exportWorkbook, and
 * workbooks laid out like it by hand (labels found by content, not by position; any sheet name;
 * merged cells read through their master cell; several tables per sheet or per workbook).
 *
 * Values are kept as written (no trimming). For an xlsx, a Doubt's `line` is the 1-based row of
 * its sheet and `source` is the table's row range.
 */
import type ExcelJS from 'exceljs';
import type { MoneyUnit } from '../fields.ts';
import type { HeaderKey } from '../import/header-labels.ts';
import { matchLabel, normalizeLabel, unitInLabel } from '../import/header-labels.ts';
import { level1Of, standardLevel1, standardLevel2 } from '../import/levels.ts';
import type { Doubt, ImportedTable } from '../import/types.ts';
import type { TableJSON } from '../table-doc.ts';
import { XlsxImportError } from './errors.ts';
import { parseYearLine } from './layout.ts';
import { DEFAULT_XLSX_LIMITS, type XlsxReadLimits } from './limits.ts';
import { readSheets, type SheetCells } from './sheet-reader.ts';
import { ZipReader } from './zip-reader.ts';

export { XlsxImportError, type XlsxImportErrorCode } from './errors.ts';
export type { XlsxReadLimits } from './limits.ts';

export interface ImportedWorkbookTable extends ImportedTable {
  /** The worksheet the table was read from. */
  sheet: string;
}

export interface WorkbookImportResult {
  tables: ImportedWorkbookTable[];
  /** Doubts about the workbook outside any table (each table carries its own). */
  doubts: Doubt[];
}

/** What exceljs's load accepts; its typings only name Node's Buffer, JSZip takes any bytes. */
export type XlsxInput = Parameters<ExcelJS.Xlsx['load']>[0];

interface GridCell {
  col: number;
  text: string;
  /** Key of the merge master (the cell's own key when not merged). */
  master: number;
}

const key = (row: number, col: number) => row * 16_385 + col;

/**
 * A sheet as a sparse grid of texts: only cells present in the file, and cells covered by a merged
 * range, which read as their master. Walking it costs what the file holds, whatever its
 * `<dimension>` or the address of its last cell.
 */
class Grid {
  readonly name: string;
  /** Right-most column in use. */
  readonly cols: number;
  /** Rows holding at least one cell, ascending. */
  readonly rows: number[];
  private readonly byRow = new Map<number, GridCell[]>();
  private readonly at = new Map<number, GridCell>();

  constructor(sheet: SheetCells) {
    this.name = sheet.name;
    let cols = sheet.maxCol;
    const put = (row: number, cell: GridCell) => {
      if (!this.at.has(key(row, cell.col))) {
        const cells = this.byRow.get(row);
        if (cells) cells.push(cell);
        else this.byRow.set(row, [cell]);
      }
      this.at.set(key(row, cell.col), cell);
    };
    for (const { row, col, text } of sheet.cells) put(row, { col, text, master: key(row, col) });
    // merged cells (their area is bounded by the reader's cell limit)
    for (const m of sheet.merges) {
      const master = key(m.top, m.left);
      const text = this.at.get(master)?.text ?? '';
      for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) put(r, { col: c, text, master });
      cols = Math.max(cols, m.right);
    }
    for (const cells of this.byRow.values()) cells.sort((a, b) => a.col - b.col);
    this.rows = [...this.byRow.keys()].sort((a, b) => a - b);
    this.cols = cols;
  }

  /** Index in `rows` of the first row in use at or below `row` (binary search). */
  firstAt(row: number): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.rows[mid]! < row) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  text(row: number, col: number): string {
    return this.at.get(key(row, col))?.text ?? '';
  }

  /** Key of the cell's master (its own key when not merged). */
  master(row: number, col: number): number {
    return this.at.get(key(row, col))?.master ?? key(row, col);
  }

  /**
   * The distinct cells of a row, left to right (a horizontal merge counts once, at its first
   * column). A run of empty cells between two cells reads as one empty cell.
   */
  cells(row: number): Array<{ col: number; text: string }> {
    const out: Array<{ col: number; text: string }> = [];
    let last = -1;
    let next = 1;
    for (const cell of this.byRow.get(row) ?? []) {
      if (cell.master !== last) {
        if (cell.col > next) out.push({ col: next, text: '' });
        out.push({ col: cell.col, text: cell.text });
        last = cell.master;
      }
      next = cell.col + 1;
    }
    return out;
  }

  rowText(row: number): string {
    return this.cells(row)
      .map((c) => c.text)
      .join('\t')
      .replace(/\t+$/, '');
  }
}

interface Columns {
  level1: number;
  level2: number;
  name: number | undefined;
  value: number;
}

const squash = (s: string) => s.replace(/[\s\u3000]+/g, '');

/** The column heads of an indicator table (一级指标 | 二级指标 | 三级指标 | 指标值), or undefined. */
function indicatorColumns(grid: Grid, row: number): Columns | undefined {
  let level1: number | undefined;
  let level2: number | undefined;
  let name: number | undefined;
  let value: number | undefined;
  for (const { col, text } of grid.cells(row)) {
    const s = squash(text);
    if (/^一级(绩效)?指标$/.test(s)) level1 ??= col;
    else if (/^二级(绩效)?指标$/.test(s)) level2 ??= col;
    else if (/^三级(绩效)?指标$/.test(s)) name ??= col;
    else if (/^(指标值|绩效值|绩效指标值|目标值)/.test(s)) value ??= col;
  }
  if (level1 === undefined || level2 === undefined || value === undefined) return undefined;
  return { level1, level2, name: name ?? (level2 + 1 < value ? level2 + 1 : undefined), value };
}

const UNIT_LINE = /单位\s*[:：]\s*(万元|元)/;

/** A row that cannot belong to an indicator table: a title, year, unit or header line. */
function endsIndicators(grid: Grid, row: number, cols: Columns): boolean {
  // a cell spanning the 一级 and 二级 columns (title, year, unit, goal lines)
  if (grid.master(row, cols.level1) === grid.master(row, cols.level2) && grid.text(row, cols.level1) !== '') return true;
  return grid.cells(row).some(({ text }) => {
    const s = squash(text);
    return UNIT_LINE.test(s) || /绩效目标表$/.test(s) || matchLabel(text)?.kind === 'goal' || /^项目名称$/.test(normalizeLabel(text));
  });
}

/** Parse one table: header block in rows [from, headRow), indicators from headRow + 1. */
function readTable(grid: Grid, from: number, headRow: number, cols: Columns): { table: ImportedWorkbookTable; end: number } {
  const header: TableJSON['header'] = {};
  const doubts: Doubt[] = [];
  let goal = '';
  const doubt = (row: number, message: string) =>
    doubts.push({ line: row, message: `工作表「${grid.name}」第 ${row} 行：${message}`, text: grid.rowText(row) });
  const set = (field: HeaderKey, value: string, row: number) => {
    if (value === '') return;
    const old = header[field];
    if (old === undefined) header[field] = value;
    else if (old !== value) doubt(row, `「${field}」出现两个不同的值：「${old}」与「${value}」，保留前者`);
  };
  const setUnit = (unit: MoneyUnit, row: number) => {
    if (header.moneyUnit === undefined) header.moneyUnit = unit;
    else if (header.moneyUnit !== unit) doubt(row, `金额单位不一致：「${header.moneyUnit}」与「${unit}」，保留前者`);
  };

  // money sections (本级资金 / 转移市县（区）资金) by column, for the 资金总额 lines below them
  const section = new Map<number, 'local' | 'transfer'>();
  for (let i = grid.firstAt(from); i < grid.rows.length && grid.rows[i]! < headRow; i++) {
    const r = grid.rows[i]!;
    const cells = grid.cells(r);
    for (let i = 0; i < cells.length; i++) {
      const { col, text } = cells[i]!;
      const s = squash(text);
      const unit = UNIT_LINE.exec(s);
      if (unit) {
        setUnit(unit[1] as MoneyUnit, r);
        continue;
      }
      const year = parseYearLine(text);
      if (year !== undefined && header.year === undefined && cells.filter((c) => c.text !== '').length === 1) {
        if (year !== '') header.year = year;
        continue;
      }
      const label = matchLabel(text);
      if (!label) continue;
      const next = cells[i + 1];
      const hasValue = next !== undefined && matchLabel(next.text) === undefined;
      const value = hasValue ? next.text : '';
      if (hasValue) i++;
      if (label.kind === 'goal') {
        if (goal === '') goal = value;
        else if (value !== '' && value !== goal) doubt(r, '「年度总体绩效目标」出现两次，保留前者');
        continue;
      }
      const labelUnit = unitInLabel(text);
      if (labelUnit) setUnit(labelUnit, r);
      if (label.kind === 'total') {
        const side = section.get(col) ?? (section.size === 0 || col <= grid.cols / 2 ? 'local' : 'transfer');
        set(side === 'local' ? 'localTotal' : 'transferTotal', value, r);
        continue;
      }
      for (const field of label.fields) {
        if (field === 'localTotal' && !/^年度资金总额/.test(normalizeLabel(text))) section.set(col, 'local');
        if (field === 'transferTotal') section.set(col, 'transfer');
        set(field, value, r);
      }
    }
  }
  if (header.moneyUnit === undefined) doubt(headRow, '未找到金额单位（单位：万元 / 单位：元），请核对');

  // indicators
  const indicators: TableJSON['indicators'] = [];
  let end = headRow;
  for (let i = grid.firstAt(headRow + 1); i < grid.rows.length; i++) {
    const r = grid.rows[i]!;
    if (endsIndicators(grid, r, cols)) break;
    const level1 = grid.text(r, cols.level1);
    const level2 = grid.text(r, cols.level2);
    const name = cols.name === undefined ? '' : grid.text(r, cols.name);
    const value = grid.text(r, cols.value);
    if (!level1 && !level2 && !name && !value) continue;
    end = r;
    indicators.push({ level1, level2, name, value });
    if (!level1 || !level2) doubt(r, `${!level1 ? '一级' : '二级'}指标为空，按原样保留`);
    else {
      const l1 = standardLevel1(level1);
      const l2 = standardLevel2(level2);
      const expected = l2 && level1Of(l2);
      if (l1 && expected && l1 !== expected) doubt(r, `二级指标「${level2}」通常属于「${expected}」，此处在「${level1}」下，按原样保留`);
    }
  }
  if (indicators.length === 0) doubt(headRow, '指标表没有任何指标行');

  return {
    table: { sheet: grid.name, table: { header, goal, indicators }, doubts, source: { startLine: from, endLine: end } },
    end,
  };
}

function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
}

/**
 * Every target table found in an .xlsx workbook. Throws XlsxImportError when there is none, when
 * the file is not a readable workbook, or when reading it would pass `limits` (TOO_LARGE,
 * TOO_COMPLEX). Synchronous work under an async signature: run it off a busy event loop.
 */
export async function importWorkbook(
  data: Uint8Array | ArrayBuffer,
  limits: XlsxReadLimits = DEFAULT_XLSX_LIMITS,
): Promise<WorkbookImportResult> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (!looksLikeZip(bytes)) throw new XlsxImportError('NOT_XLSX', '文件不是有效的 Excel 工作簿（.xlsx）');
  const sheets = readSheets(new ZipReader(bytes, limits), limits);

  const tables: ImportedWorkbookTable[] = [];
  for (const sheet of sheets) {
    const grid = new Grid(sheet);
    let from = 1;
    for (const r of grid.rows) {
      if (r < from) continue; // inside the table just read
      const cols = indicatorColumns(grid, r);
      if (!cols) continue;
      const { table, end } = readTable(grid, from, r, cols);
      tables.push(table);
      from = end + 1;
    }
  }
  if (tables.length === 0) {
    throw new XlsxImportError(
      'NO_TABLE',
      '工作簿中没有找到项目支出预算绩效目标表（需要含“一级指标、二级指标、三级指标、指标值”表头的工作表）',
    );
  }
  return { tables, doubts: [] };
}
