/**
 * Reads the cells of every worksheet of an .xlsx as text, as a person sees them: only the
 * cells present in the file (never the `<dimension>` rectangle), merged ranges as ranges.
 * Parts other than the workbook, its relationships, shared strings, styles and worksheets
 * (drawings, defined names, validations, …) are not read at all. Text follows exceljs, which
 * wrote the workbooks this reads back: numbers as typed, dates as yyyy-mm-dd, booleans as
 * true/false, formulas by their cached result, errors as empty.
 */
import { notXlsx, XlsxImportError } from './errors.ts';
import type { XlsxReadLimits } from './limits.ts';
import { attr, scanXml } from './xml-scan.ts';
import type { ZipReader } from './zip-reader.ts';

export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetCells {
  name: string;
  /** Cells that carry a value, in file order. */
  cells: Array<{ row: number; col: number; text: string }>;
  merges: CellRange[];
  /** The right-most column of any `<c>` element, valued or not. */
  maxCol: number;
}

const MAX_ROW = 1_048_576;
const MAX_COL = 16_384;

/** `B12` → {row: 12, col: 2}; undefined when not a cell reference inside Excel's grid. */
export function parseRef(ref: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/.exec(ref);
  if (!m) return undefined;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
  const row = Number(m[2]);
  return row >= 1 && row <= MAX_ROW && col <= MAX_COL ? { row, col } : undefined;
}

/** `xl/_rels/workbook.xml.rels` for `xl/workbook.xml`. */
const relsOf = (part: string) => {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};

/** A relationship target resolved against the folder of the part that holds it. */
function resolve(part: string, target: string): string {
  const parts = target.startsWith('/') ? [] : part.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** Relationship id → {type suffix, part name}. */
function relationships(zip: ZipReader, part: string): Map<string, { type: string; target: string }> {
  const out = new Map<string, { type: string; target: string }>();
  const xml = zip.text(relsOf(part));
  if (xml === undefined) return out;
  scanXml(xml, {
    open(name, attrs) {
      if (name !== 'Relationship' || attr(attrs, 'TargetMode') === 'External') return;
      const id = attr(attrs, 'Id');
      const target = attr(attrs, 'Target');
      const type = attr(attrs, 'Type') ?? '';
      if (id && target) out.set(id, { type: type.slice(type.lastIndexOf('/') + 1), target: resolve(part, target) });
    },
  });
  return out;
}

/** `_x000D_` escapes of OOXML strings (upper-case hex only, as exceljs reads them). */
const unescapeOoxml = (s: string) =>
  s.includes('_x') ? s.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : s;

/**
 * Collects the text of `<t>` elements inside the current string item (`<si>` or `<is>`),
 * leaving out phonetic runs (`<rPh>`), which Excel does not display.
 */
class StringCollector {
  private parts: string[] = [];
  private inT = false;
  private phonetic = 0;
  open(name: string) {
    if (name === 't') this.inT = this.phonetic === 0;
    else if (name === 'rPh') this.phonetic++;
  }
  close(name: string) {
    if (name === 't') this.inT = false;
    else if (name === 'rPh') this.phonetic--;
  }
  text(t: string) {
    if (this.inT) this.parts.push(t);
  }
  take(): string {
    const s = unescapeOoxml(this.parts.join(''));
    this.parts = [];
    return s;
  }
}

function sharedStrings(zip: ZipReader, part: string | undefined): string[] {
  const xml = part && zip.text(part);
  if (!xml) return [];
  const out: string[] = [];
  const s = new StringCollector();
  scanXml(xml, {
    open: (name) => s.open(name),
    close(name) {
      s.close(name);
      if (name === 'si') out.push(s.take());
    },
    text: (t) => s.text(t),
  });
  return out;
}

/** Built-in number formats that show dates or times (ids 14–22 and 45–47). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** A custom format shows a date when, outside quotes and brackets, it has a date/time letter. */
const isDateFormat = (code: string) => /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

/** How a style shows numbers: as a date, with fixed decimals (and thousands separators), or as is. */
export type NumberShow = 'date' | { decimals: number; grouped: boolean } | null;

/** Built-in fixed formats: 1 "0", 2 "0.00", 3 "#,##0", 4 "#,##0.00". */
const FIXED_FORMAT_IDS: Record<number, { decimals: number; grouped: boolean }> = {
  1: { decimals: 0, grouped: false },
  2: { decimals: 2, grouped: false },
  3: { decimals: 0, grouped: true },
  4: { decimals: 2, grouped: true },
};

function numberShow(id: number, code: string | undefined): NumberShow {
  if (code === undefined) return DATE_FORMAT_IDS.has(id) ? 'date' : (FIXED_FORMAT_IDS[id] ?? null);
  if (isDateFormat(code)) return 'date';
  // '#,##0.00"万元"' and the like: text in quotes is a label, the rest a fixed format
  const fixed = /^(#,##0|0)(?:\.(0+))?$/.exec(code.replace(/"[^"]*"/g, '').replace(/\\./g, '').trim());
  return fixed ? { decimals: fixed[2]?.length ?? 0, grouped: fixed[1] === '#,##0' } : null;
}

/** A number as its style shows it, so an amount typed as 12.00 reads back as 12.00. */
function showNumber(n: number, show: NumberShow, date1904: boolean): string {
  if (show === 'date') return serialDate(n, date1904);
  if (!show) return String(n);
  const fixed = n.toFixed(show.decimals);
  if (!show.grouped) return fixed;
  const [whole, part] = fixed.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return part === undefined ? grouped : `${grouped}.${part}`;
}

/** For each cell style index (`s`), how it shows numbers. */
function numberStyles(zip: ZipReader, part: string | undefined): NumberShow[] {
  const xml = part && zip.text(part);
  if (!xml) return [];
  const custom = new Map<number, string>();
  const out: NumberShow[] = [];
  let inCellXfs = false;
  scanXml(xml, {
    open(name, attrs) {
      if (name === 'numFmt') custom.set(Number(attr(attrs, 'numFmtId')), attr(attrs, 'formatCode') ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attr(attrs, 'numFmtId') ?? 0);
        out.push(numberShow(id, custom.get(id)));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return out;
}

/** Excel's serial day number as yyyy-mm-dd (exceljs's conversion), or the number if out of range. */
function serialDate(v: number, date1904: boolean): string {
  const d = new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString().slice(0, 10);
}

interface WorkbookContext {
  strings: string[];
  /** per cell style: how it shows numbers */
  numbers: NumberShow[];
  date1904: boolean;
  limits: XlsxReadLimits;
  /** Cells and merged cells counted so far, over all sheets. */
  budget: { cells: number; merges: number };
}

const tooComplex = (what: string) => new XlsxImportError('TOO_COMPLEX', `工作簿过于复杂，已拒绝：${what}`);

function readSheet(xml: string, name: string, ctx: WorkbookContext): SheetCells {
  const sheet: SheetCells = { name, cells: [], merges: [], maxCol: 0 };
  const { limits, budget } = ctx;
  const s = new StringCollector();
  let row = 0;
  let col = 0;
  // the cell being read
  let type = '';
  let style = 0;
  let value: string[] | undefined;
  let inValue = false;
  let inInline = false;

  const count = (n: number) => {
    budget.cells += n;
    if (budget.cells > limits.maxCells) {
      throw tooComplex(`单元格（含合并单元格覆盖的范围）超过 ${limits.maxCells.toLocaleString('en-US')} 个`);
    }
  };

  const finishCell = () => {
    const v = value?.join('').trim() ?? '';
    let text: string | undefined;
    if (type === 'inlineStr') text = s.take();
    else if (v === '') text = undefined;
    else if (type === 's') text = ctx.strings[Number(v)] ?? '';
    else if (type === 'str') text = unescapeOoxml(value!.join(''));
    else if (type === 'b') text = v === '1' || v === 'true' ? 'true' : 'false';
    else if (type === 'e') text = '';
    else if (type === 'd') text = Number.isNaN(new Date(v).getTime()) ? v : new Date(v).toISOString().slice(0, 10);
    else {
      const n = Number.parseFloat(v);
      text = Number.isNaN(n) ? v : showNumber(n, ctx.numbers[style] ?? null, ctx.date1904);
    }
    if (text !== undefined) {
      count(1);
      sheet.cells.push({ row, col, text });
    }
  };

  scanXml(xml, {
    open(tag, attrs, selfClosing) {
      switch (tag) {
        case 'row': {
          const r = attr(attrs, 'r');
          row = r === undefined ? row + 1 : Number(r);
          if (!Number.isInteger(row) || row < 1 || row > MAX_ROW) throw notXlsx(`工作表「${name}」的行号无效`);
          col = 0;
          break;
        }
        case 'c': {
          const ref = attr(attrs, 'r');
          if (ref === undefined) col++;
          else {
            const at = parseRef(ref);
            if (!at) throw notXlsx(`工作表「${name}」的单元格地址「${ref}」无效`);
            ({ row, col } = at);
          }
          if (col > MAX_COL) throw notXlsx(`工作表「${name}」的列号无效`);
          sheet.maxCol = Math.max(sheet.maxCol, col);
          type = attr(attrs, 't') ?? 'n';
          style = Number(attr(attrs, 's') ?? 0);
          value = undefined;
          if (selfClosing) type = '';
          break;
        }
        case 'v':
          inValue = true;
          value = [];
          break;
        case 'is':
          inInline = true;
          break;
        case 'mergeCell': {
          const [a, b] = (attr(attrs, 'ref') ?? '').split(':');
          const from = a && parseRef(a);
          const to = b ? parseRef(b) : from;
          if (!from || !to) throw notXlsx(`工作表「${name}」的合并单元格「${attr(attrs, 'ref')}」无效`);
          const range = {
            top: Math.min(from.row, to.row),
            left: Math.min(from.col, to.col),
            bottom: Math.max(from.row, to.row),
            right: Math.max(from.col, to.col),
          };
          if (++budget.merges > limits.maxMerges) throw tooComplex(`合并单元格超过 ${limits.maxMerges.toLocaleString('en-US')} 处`);
          count((range.bottom - range.top + 1) * (range.right - range.left + 1));
          sheet.merges.push(range);
          break;
        }
        default:
          if (inInline) s.open(tag);
      }
    },
    close(tag) {
      if (tag === 'v') inValue = false;
      else if (tag === 'is') inInline = false;
      else if (tag === 'c' && type !== '') finishCell();
      else if (inInline) s.close(tag);
    },
    text(t) {
      if (inValue) value!.push(t);
      else if (inInline) s.text(t);
    },
  });
  return sheet;
}

/** Every worksheet of the workbook, in tab order, within the limits. */
export function readSheets(zip: ZipReader, limits: XlsxReadLimits): SheetCells[] {
  const root = relationships(zip, '');
  const workbookPart = [...root.values()].find((r) => r.type === 'officeDocument')?.target ?? 'xl/workbook.xml';
  const workbookXml = zip.text(workbookPart);
  if (workbookXml === undefined) throw notXlsx('找不到工作簿内容（不是 .xlsx 文件？）');

  const sheets: Array<{ name: string; id: string }> = [];
  let date1904 = false;
  scanXml(workbookXml, {
    open(name, attrs) {
      if (name === 'sheet') sheets.push({ name: attr(attrs, 'name') ?? '', id: attr(attrs, 'r:id') ?? attr(attrs, 'id') ?? '' });
      else if (name === 'workbookPr') date1904 = ['1', 'true'].includes(attr(attrs, 'date1904') ?? '');
    },
  });

  const rels = relationships(zip, workbookPart);
  const partOf = (type: string) => [...rels.values()].find((r) => r.type === type)?.target;
  const ctx: WorkbookContext = {
    strings: sharedStrings(zip, partOf('sharedStrings')),
    numbers: numberStyles(zip, partOf('styles')),
    date1904,
    limits,
    budget: { cells: 0, merges: 0 },
  };
  const out: SheetCells[] = [];
  for (const { name, id } of sheets) {
    const rel = rels.get(id);
    if (rel?.type !== 'worksheet') continue; // chart sheets, dialog sheets
    const xml = zip.text(rel.target);
    if (xml !== undefined) out.push(readSheet(xml, name, ctx));
  }
  return out;
}
