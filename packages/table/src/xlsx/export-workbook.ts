/**
 * A target table as an .xlsx workbook in the official layout (title, 年度, 单位, 项目基本信息,
 * 年度总体绩效目标, indicator table with merged 一级/二级 cells), ready to print on A4.
 * Money that is a plain number is written as a number (so sums and formulas work in Excel and
 * WPS), with the document's decimals shown and the unit in the number format; everything else
 * is text exactly as it is in the document.
 */
import ExcelJS from 'exceljs';
import { safeTableJSON } from '../structure-problems.ts';
import { MONEY_FIELDS, type MoneyUnit } from '../fields.ts';
import type { TableJSON } from '../table-doc.ts';
import { GOAL_LABEL, HEADER_BLOCK, INDICATOR_HEADS, TABLE_TITLE, indicatorSpans, yearLine } from './layout.ts';

export const SHEET_NAME = '绩效目标表';
/** Column widths in characters: 一级 | 二级 | 三级 | 指标值. */
const COLUMN_WIDTHS = [14, 18, 44, 26] as const;

export interface ExportWorkbookOptions {
  /** Workbook author / last modified by (document properties). */
  creator?: string;
  /** Creation time in the document properties; fixed values give reproducible files. */
  created?: Date;
}

const FONT = 'SimSun';
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const LABEL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

/**
 * Text as a cell can hold it: XML 1.0 has no place for most control characters, so a vertical
 * tab or form feed (Word's line and page breaks, when pasted) becomes a line break and the rest
 * are dropped; CR LF becomes LF, as Excel writes it. Everything else is kept as is.
 */
export function cellText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0d) {
      if (text.charCodeAt(i + 1) !== 0x0a) out += '\n';
    } else if (code === 0x0b || code === 0x0c) out += '\n';
    else if (code === 0x09 || code === 0x0a || (code >= 0x20 && code < 0xd800) || (code >= 0xe000 && code < 0xfffe)) {
      out += text[i];
    } else if (code >= 0xd800 && code < 0xdc00) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next < 0xe000) out += text[i]! + text[++i]!;
    }
    // lone surrogates, U+FFFE/U+FFFF and other control characters are dropped
  }
  return out;
}

/** Approximate row height (points) for wrapped text in a cell `widthChars` wide. */
function wrappedHeight(text: string, widthChars: number, lineHeight = 15): number {
  let lines = 0;
  for (const para of text.split('\n')) {
    // CJK characters take two width units, others one
    let units = 0;
    for (const ch of para) units += ch.charCodeAt(0) > 0xff ? 2 : 1;
    lines += Math.max(1, Math.ceil(units / Math.max(1, widthChars - 1)));
  }
  return Math.max(20, lines * lineHeight + 5);
}

export async function exportWorkbook(input: TableJSON, opts: ExportWorkbookOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
  // only strings reach the cells, whatever the caller holds (skipped parts are not written)
  const table = safeTableJSON(input);
  const wb = new ExcelJS.Workbook();
  wb.creator = opts.creator ?? 'jixiao';
  wb.lastModifiedBy = opts.creator ?? 'jixiao';
  const created = opts.created ?? new Date();
  wb.created = created;
  wb.modified = created;

  const ws = wb.addWorksheet(SHEET_NAME, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  ws.columns = COLUMN_WIDTHS.map((width) => ({ width }));
  const width = (from: number, to: number) => COLUMN_WIDTHS.slice(from - 1, to).reduce((a, b) => a + b, 0);
  const header = table.header;

  const setCell = (
    row: number,
    col: number,
    value: string,
    style: { label?: boolean; bold?: boolean; align?: ExcelJS.Alignment['horizontal']; border?: boolean } = {},
  ) => {
    const cell = ws.getCell(row, col);
    cell.value = cellText(value);
    cell.font = { name: FONT, size: 11, bold: style.bold ?? style.label ?? false };
    cell.alignment = {
      horizontal: style.align ?? (style.label ? 'center' : 'left'),
      vertical: 'middle',
      wrapText: true,
    };
    if (style.border !== false) cell.border = BORDER;
    if (style.label) cell.fill = LABEL_FILL;
    return cell;
  };
  const merge = (top: number, left: number, bottom: number, right: number) => {
    if (top !== bottom || left !== right) ws.mergeCells(top, left, bottom, right);
  };

  // title, year, unit
  let r = 1;
  const title = setCell(r, 1, TABLE_TITLE, { bold: true, align: 'center', border: false });
  title.font = { name: FONT, size: 18, bold: true };
  merge(r, 1, r, 4);
  ws.getRow(r).height = 32;
  r++;
  setCell(r, 1, yearLine(header.year), { align: 'center', border: false });
  merge(r, 1, r, 4);
  r++;
  setCell(r, 1, `单位：${header.moneyUnit ?? '万元'}`, { align: 'right', border: false });
  merge(r, 1, r, 4);
  r++;

  // 项目基本信息
  for (const row of HEADER_BLOCK) {
    if (row.kind === 'wide') {
      setCell(r, 1, row.label, { label: true });
      const value = header[row.field] ?? '';
      setCell(r, 2, value);
      for (let c = 3; c <= 4; c++) setCell(r, c, '');
      merge(r, 2, r, 4);
      ws.getRow(r).height = wrappedHeight(value, width(2, 4));
    } else if (row.kind === 'sections') {
      setCell(r, 1, row.left, { label: true });
      setCell(r, 2, '', { label: true });
      merge(r, 1, r, 2);
      setCell(r, 3, row.right, { label: true });
      setCell(r, 4, '', { label: true });
      merge(r, 3, r, 4);
    } else {
      let height = 20;
      for (const [col, pair] of [
        [1, row.left],
        [3, row.right],
      ] as const) {
        setCell(r, col, pair?.label ?? '', { label: true });
        const value = pair ? (header[pair.field] ?? '') : '';
        const cell = setCell(r, col + 1, value);
        const money = pair && pair.field in MONEY_FIELDS ? moneyCell(value, header.moneyUnit ?? '万元') : null;
        if (money) {
          cell.value = money.value;
          cell.numFmt = money.numFmt;
          cell.alignment = { ...cell.alignment, horizontal: 'right' };
        }
        height = Math.max(height, wrappedHeight(value, width(col + 1, col + 1)));
      }
      ws.getRow(r).height = height;
    }
    r++;
  }

  // 年度总体绩效目标
  setCell(r, 1, GOAL_LABEL, { label: true });
  setCell(r, 2, table.goal);
  for (let c = 3; c <= 4; c++) setCell(r, c, '');
  merge(r, 2, r, 4);
  ws.getRow(r).height = Math.min(409, wrappedHeight(table.goal, width(2, 4)));
  r++;

  // indicator table
  INDICATOR_HEADS.forEach((label, i) => {
    setCell(r, i + 1, label, { label: true });
  });
  ws.getRow(r).height = 22;
  r++;
  const first = r;
  const rows = table.indicators;
  rows.forEach((ind, i) => {
    const row = first + i;
    setCell(row, 1, ind.level1, { align: 'center' });
    setCell(row, 2, ind.level2, { align: 'center' });
    setCell(row, 3, ind.name);
    setCell(row, 4, ind.value);
    ws.getRow(row).height = Math.max(wrappedHeight(ind.name, width(3, 3)), wrappedHeight(ind.value, width(4, 4)));
  });
  indicatorSpans(rows).forEach((span, i) => {
    if (span.level1 > 1) merge(first + i, 1, first + i + span.level1 - 1, 1);
    if (span.level2 > 1) merge(first + i, 2, first + i + span.level2 - 1, 2);
  });
  // repeat the indicator column heads on every printed page
  ws.pageSetup.printTitlesRow = `${first - 1}:${first - 1}`;
  ws.pageSetup.printArea = `A1:D${Math.max(first - 1, first + rows.length - 1)}`;

  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

/**
 * A money amount as typed ('284', '1,234.5', '12.3400'), as a number and a format that shows it
 * the same way (decimals, thousands separators) plus its unit; null for anything else ('待定', '284万', empty), which stays text.
 */
export function moneyCell(text: string, unit: MoneyUnit): { value: number; numFmt: string } | null {
  const t = text.trim();
  // leading zeros ('007') are text someone meant as typed
  if (!/^-?(0|[1-9]\d{0,2}(,\d{3})+|[1-9]\d*)(\.\d+)?$/.test(t)) return null;
  const value = Number(t.replace(/,/g, ''));
  if (!Number.isFinite(value)) return null;
  const decimals = t.split('.')[1]?.length ?? 0;
  const whole = t.includes(',') ? '#,##0' : '0';
  return { value, numFmt: `${whole}${decimals ? `.${'0'.repeat(decimals)}` : ''}"${unit}"` };
}
