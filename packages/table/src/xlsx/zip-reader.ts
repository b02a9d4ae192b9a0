/**
 * A bounded reader of the zip container of an .xlsx. It reads the central directory only, so
 * the entry count and each declared size are checked before anything is inflated; an entry is
 * inflated only when asked for, and the inflater stops as soon as its output passes the limit
 * (a declared size can lie). Stored and deflated entries; no encryption, no zip64, no spanning:
 * Excel and exceljs never write those for a workbook of a few megabytes.
 */
import { inflateRawSync } from 'node:zlib';
import { notXlsx, XlsxImportError } from './errors.ts';
import { mib, type XlsxReadLimits } from './limits.ts';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface Entry {
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const tooLarge = (limits: XlsxReadLimits, what: string) =>
  new XlsxImportError(
    'TOO_LARGE',
    `工作簿解压后过大（${what}），已拒绝：单个部件最多 ${mib(limits.maxEntryBytes)}，合计最多 ${mib(limits.maxTotalBytes)}`,
  );

export class ZipReader {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly entries = new Map<string, Entry>();
  private readonly limits: XlsxReadLimits;
  /** Inflated bytes handed out so far. */
  private inflated = 0;

  constructor(bytes: Uint8Array, limits: XlsxReadLimits) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.limits = limits;
    this.readDirectory();
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry's bytes, inflated within the limits; undefined when there is no such entry. */
  read(name: string): Uint8Array | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    const budget = Math.min(this.limits.maxEntryBytes, this.limits.maxTotalBytes - this.inflated);
    if (e.size > budget) throw tooLarge(this.limits, name);
    const data = this.compressedData(e);
    let out: Uint8Array;
    if (e.method === 0) {
      if (data.length > budget) throw tooLarge(this.limits, name);
      out = data;
    } else {
      try {
        // maxOutputLength aborts inflation as soon as the output passes it
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(this.limits, name);
        throw notXlsx('压缩数据已损坏');
      }
      if (out.length > budget) throw tooLarge(this.limits, name);
    }
    this.inflated += out.length;
    return out;
  }

  /** The entry as UTF-8 text (a BOM is dropped). */
  text(name: string): string | undefined {
    const data = this.read(name);
    return data && new TextDecoder('utf-8').decode(data);
  }

  private u16 = (at: number) => this.view.getUint16(at, true);
  private u32 = (at: number) => this.view.getUint32(at, true);

  private readDirectory() {
    const { bytes } = this;
    // the end record sits in the last 22 bytes plus a comment of at most 65,535 bytes
    let end = -1;
    for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
      if (this.u32(at) === EOCD) {
        end = at;
        break;
      }
    }
    if (end < 0) throw notXlsx();
    const count = this.u16(end + 10);
    const dirSize = this.u32(end + 12);
    const dirOffset = this.u32(end + 16);
    if (count === 0xffff || dirOffset === 0xffffffff) throw notXlsx('不支持 ZIP64 格式的文件');
    if (this.u16(end + 4) !== 0 || this.u16(end + 8) !== count) throw notXlsx('不支持分卷压缩的文件');
    if (count > this.limits.maxEntries) {
      throw new XlsxImportError('TOO_COMPLEX', `工作簿包含的文件过多（${count} 个），最多 ${this.limits.maxEntries} 个，已拒绝`);
    }
    if (dirOffset + dirSize > end) throw notXlsx();

    const names = new TextDecoder('utf-8');
    let at = dirOffset;
    for (let i = 0; i < count; i++) {
      if (at + 46 > end || this.u32(at) !== CENTRAL) throw notXlsx();
      const flags = this.u16(at + 8);
      const method = this.u16(at + 10);
      const compressedSize = this.u32(at + 20);
      const size = this.u32(at + 24);
      const nameLength = this.u16(at + 28);
      const next = at + 46 + nameLength + this.u16(at + 30) + this.u16(at + 32);
      if (next > end) throw notXlsx();
      const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
      if (flags & 1) throw notXlsx('文件已加密，请先在 Excel 中取消密码保护');
      if (compressedSize === 0xffffffff || size === 0xffffffff) throw notXlsx('不支持 ZIP64 格式的文件');
      // an unknown method is only a problem if that entry is needed; keep the first of duplicates
      if (!this.entries.has(name)) this.entries.set(name, { method, compressedSize, size, localOffset: this.u32(at + 42) });
      at = next;
    }
  }

  private compressedData(e: Entry): Uint8Array {
    if (e.method !== 0 && e.method !== 8) throw notXlsx(`不支持的压缩方式（${e.method}）`);
    const at = e.localOffset;
    if (at + 30 > this.bytes.length || this.u32(at) !== LOCAL) throw notXlsx();
    const start = at + 30 + this.u16(at + 26) + this.u16(at + 28);
    if (start + e.compressedSize > this.bytes.length) throw notXlsx();
    return this.bytes.subarray(start, start + e.compressedSize);
  }
}
