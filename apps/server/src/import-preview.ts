/**
 * POST /api/import/preview: reading the upload (text/plain, JSON {text}, multipart file) within
 * its size limit, on the event loop; the parsing itself runs in the import worker pool
 * (import-pool.ts, import-parse.ts). Stores nothing.
 */
import { ImportRequestError } from './import-errors.ts';
import type { ImportSource, PreviewResult } from './import-parse.ts';
import { ImportPool } from './import-pool.ts';

export { ImportRequestError } from './import-errors.ts';
export type { ImportSource, PreviewResult, PreviewTable } from './import-parse.ts';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

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
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // the client went away mid-upload: its doing, not a server error (nobody reads the answer)
      throw new ImportRequestError(400, 'INVALID_INPUT', '上传未完成：连接已中断，请重新上传');
    }
    const { done, value } = chunk;
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

let pool: ImportPool | undefined;

/** The pool shared by every app in this process, started on first use. */
export function importPool(): ImportPool {
  pool ??= new ImportPool();
  return pool;
}

/** Import what the request carries: 413/415/400 on reading, then 422 (or 413) from the parser. */
export async function previewImport(req: Request): Promise<PreviewResult> {
  return importPool().run(await readImportRequest(req));
}
