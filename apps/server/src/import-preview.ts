/**
 * POST /api/import/preview: reading the upload (text/plain, JSON {text}, multipart file),
 * with its limits, and turning what the importers recognised into the preview JSON.
 * Stores nothing.
 */
import {
  type Doubt,
  type Finding,
  type ImportedSelfEvaluation,
  type ImportedTable,
  MONEY_FIELDS,
  type MoneyField,
  type ParsedValue,
  type TableJSON,
  checkTable,
  importPublishedText,
  parseIndicatorValue,
} from '@jixiao/table';
import { XlsxImportError, importWorkbook } from '@jixiao/table/xlsx';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export type ImportSource = { kind: 'text'; text: string } | { kind: 'xlsx'; data: Uint8Array };

/** A refused import request: HTTP status, stable code, Chinese message. */
export class ImportRequestError extends Error {
  readonly status: 400 | 413 | 415 | 422;
  readonly code: string;
  readonly doubts: Doubt[];
  constructor(status: 400 | 413 | 415 | 422, code: string, message: string, doubts: Doubt[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.doubts = doubts;
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.doubts.length ? { doubts: this.doubts } : {}) } };
  }
}

const TOO_LARGE = () =>
  new ImportRequestError(413, 'PAYLOAD_TOO_LARGE', `文件过大：最多 ${MAX_IMPORT_BYTES / 1024 / 1024} MB，请拆分后分别导入`);
const EMPTY = () => new ImportRequestError(400, 'EMPTY', '内容为空：请粘贴公开的绩效目标表文字，或选择 .txt / .xlsx 文件');
const BINARY = () =>
  new ImportRequestError(415, 'UNSUPPORTED_MEDIA_TYPE', '无法识别的文件：只支持纯文本（.txt，UTF-8 或 GB18030 编码）和 Excel 工作簿（.xlsx）');

/** The body, at most MAX_IMPORT_BYTES, read as it streams in. */
async function readLimited(req: Request): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  // a multipart envelope adds a little around the file
  if (declared > MAX_IMPORT_BYTES + 64 * 1024) throw TOO_LARGE();
  if (!req.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_IMPORT_BYTES + 64 * 1024) {
      await reader.cancel();
      throw TOO_LARGE();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const isZip = (b: Uint8Array) => b.length > 3 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Uint8Array) => b.length > 3 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** Text of uploaded bytes: UTF-8 (with or without BOM), else GB18030; binary is refused. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.includes(0)) throw BINARY();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    } catch {
      throw BINARY();
    }
  }
  // control characters other than tab and line ends mean it is not text
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) controls++;
  }
  if (controls > Math.max(8, text.length / 200)) throw BINARY();
  return text;
}

function fromBytes(bytes: Uint8Array, name: string): ImportSource {
  const lower = name.toLowerCase();
  if (isOle(bytes) || lower.endsWith('.xls')) {
    throw new ImportRequestError(415, 'UNSUPPORTED_MEDIA_TYPE', '不支持旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 后再导入');
  }
  if (isZip(bytes) || lower.endsWith('.xlsx')) return { kind: 'xlsx', data: bytes };
  if (/\.(pdf|docx?|png|jpe?g|gif|zip|rar)$/.test(lower)) throw BINARY();
  return { kind: 'text', text: decodeText(bytes) };
}

/** What the request carries, within the limits. */
export async function readImportRequest(req: Request): Promise<ImportSource> {
  const type = (req.headers.get('content-type') ?? '').toLowerCase();
  const bytes = await readLimited(req);
  let source: ImportSource;
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
    } catch {
      throw new ImportRequestError(400, 'INVALID_INPUT', '上传的表单无法读取');
    }
    const file = form.get('file');
    if (typeof file === 'string') source = { kind: 'text', text: file };
    else if (file) {
      if (file.size > MAX_IMPORT_BYTES) throw TOO_LARGE();
      source = fromBytes(new Uint8Array(await file.arrayBuffer()), file.name ?? '');
    } else {
      const text = form.get('text');
      if (typeof text !== 'string') throw new ImportRequestError(400, 'INVALID_INPUT', '请在表单的 file 字段上传文件');
      source = { kind: 'text', text };
    }
  } else if (type.startsWith('application/json')) {
    let body: unknown;
    try {
      body = JSON.parse(decodeText(bytes));
    } catch (e) {
      if (e instanceof ImportRequestError) throw e;
      throw new ImportRequestError(400, 'INVALID_INPUT', '请求体不是有效的 JSON');
    }
    const text = (body as { text?: unknown } | null)?.text;
    if (typeof text !== 'string') throw new ImportRequestError(400, 'INVALID_INPUT', '请求体应为 {"text": "公开的表格文字"}');
    source = { kind: 'text', text };
  } else if (type.startsWith('text/plain') || type === '') {
    source = fromBytes(bytes, '');
  } else if (type.includes('spreadsheetml') || type === 'application/octet-stream') {
    source = fromBytes(bytes, '');
  } else {
    throw new ImportRequestError(415, 'UNSUPPORTED_MEDIA_TYPE', `不支持的内容类型「${type}」：请用 text/plain、JSON {text} 或 multipart/form-data 上传`);
  }
  if (source.kind === 'text' && Buffer.byteLength(source.text) > MAX_IMPORT_BYTES) throw TOO_LARGE();
  if (source.kind === 'text' && !source.text.trim()) throw EMPTY();
  if (source.kind === 'xlsx' && source.data.length === 0) throw EMPTY();
  return source;
}

export interface PreviewTable {
  header: Omit<TableJSON['header'], 'moneyUnit'>;
  moneyUnit: string;
  /** The money lines, in the table's unit. */
  money: Array<{ field: MoneyField; label: string; amount: string }>;
  goal: string;
  indicators: Array<{ level1: string; level2: string; name: string; value: string; parsed: ParsedValue }>;
  findings: Finding[];
  doubts: Doubt[];
  source: ImportedTable['source'] & { sheet?: string };
}

export interface PreviewResult {
  tables: PreviewTable[];
  selfEvaluations: ImportedSelfEvaluation[];
  doubts: Doubt[];
}

export function previewTable(t: ImportedTable & { sheet?: string }): PreviewTable {
  const { moneyUnit, ...header } = t.table.header;
  return {
    header,
    moneyUnit: moneyUnit ?? '万元',
    money: (Object.keys(MONEY_FIELDS) as MoneyField[])
      .filter((f) => header[f] !== undefined)
      .map((f) => ({ field: f, label: MONEY_FIELDS[f], amount: header[f]! })),
    goal: t.table.goal,
    indicators: t.table.indicators.map((r) => ({
      level1: r.level1,
      level2: r.level2,
      name: r.name,
      value: r.value,
      parsed: parseIndicatorValue(r.value),
    })),
    findings: checkTable(t.table),
    doubts: t.doubts,
    source: t.sheet ? { ...t.source, sheet: t.sheet } : t.source,
  };
}

/** Import what the request carries; 422 when nothing could be recognised. */
export async function previewImport(req: Request): Promise<PreviewResult> {
  const source = await readImportRequest(req);
  if (source.kind === 'xlsx') {
    try {
      const r = await importWorkbook(source.data);
      return { tables: r.tables.map(previewTable), selfEvaluations: [], doubts: r.doubts };
    } catch (e) {
      if (e instanceof XlsxImportError) {
        throw new ImportRequestError(e.code === 'NOT_XLSX' ? 415 : 422, e.code === 'NOT_XLSX' ? 'UNSUPPORTED_MEDIA_TYPE' : 'UNRECOGNIZED', e.message);
      }
      throw e;
    }
  }
  const r = importPublishedText(source.text);
  if (!r.tables.length && !r.selfEvaluations.length) {
    const why = r.doubts.map((d) => d.message).join('；') || '未找到表格';
    throw new ImportRequestError(
      422,
      'UNRECOGNIZED',
      `没有识别出绩效目标表或绩效自评表：${why}。请确认粘贴的是公开的「项目支出绩效目标表」文字（含「项目名称」「一级指标」等栏目）`,
      r.doubts,
    );
  }
  return { tables: r.tables.map(previewTable), selfEvaluations: r.selfEvaluations, doubts: r.doubts };
}
