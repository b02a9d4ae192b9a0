/**
 * Test support: hostile .xlsx files built in memory (zip bombs, giant dimensions, huge merges),
 * so no binary fixture has to be checked in. Not exported from the package.
 */
import { crc32, constants, deflateRawSync } from 'node:zlib';

interface ZipEntry {
  name: string;
  /** Raw deflate stream (method 8). */
  deflated: Uint8Array;
  size: number;
  crc: number;
  /** Declared uncompressed size, when it should lie. */
  declaredSize?: number;
}

const entry = (name: string, text: string): ZipEntry => {
  const data = Buffer.from(text);
  return { name, deflated: deflateRawSync(data), size: data.length, crc: crc32(data) };
};

/** A zip archive (no data descriptors, no zip64) of deflated entries. */
export function zip(entries: ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? e.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // utf-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.deflated.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(e.deflated));
    centrals.push(central, name);
    offset += 30 + name.length + e.deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

/** The parts around worksheets: content types, package and workbook relationships, workbook. */
function workbookParts(sheets: ZipEntry[]): ZipEntry[] {
  const n = sheets.map((_, i) => i + 1);
  return [
    entry(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        n.map((i) => `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '</Types>',
    ),
    entry(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    ),
    entry(
      'xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
        n.map((i) => `<sheet name="Sheet${i}" sheetId="${i}" r:id="rId${i}"/>`).join('') +
        '</sheets></workbook>',
    ),
    entry(
      'xl/_rels/workbook.xml.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        n.map((i) => `<Relationship Id="rId${i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i}.xml"/>`).join('') +
        '</Relationships>',
    ),
    ...sheets.map((sheet, i) => ({ ...sheet, name: `xl/worksheets/sheet${i + 1}.xml` })),
  ];
}

/** A one-sheet workbook whose sheet XML is given (inline strings need no sharedStrings part). */
export function workbookWithSheet(sheetXml: string): Uint8Array {
  return zip(workbookParts([entry('xl/worksheets/sheet1.xml', sheetXml)]));
}

/** `<c>` with an inline string. */
export const inlineCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/**
 * A valid workbook whose worksheet inflates to `mib` MiB of whitespace. Deflate segments compressed
 * from a fresh state with a full flush can be repeated, so the bomb is built without ever holding
 * the inflated bytes. `declaredSize` lets the central directory lie about the size.
 */
export function zipBomb(mib: number, options: { declaredSize?: number } = {}): Uint8Array {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const segment = deflateRawSync(chunk, { flush: constants.Z_FULL_FLUSH, finishFlush: constants.Z_FULL_FLUSH });
  const head = Buffer.from(`${SHEET_HEAD}<sheetData>`);
  const tail = Buffer.from('</sheetData></worksheet>');
  const headDeflated = deflateRawSync(head, { finishFlush: constants.Z_FULL_FLUSH });
  const tailDeflated = deflateRawSync(tail); // final block
  let crc = crc32(head);
  for (let i = 0; i < mib; i++) crc = crc32(chunk, crc);
  crc = crc32(tail, crc);
  const deflated = Buffer.concat([headDeflated, ...Array.from({ length: mib }, () => segment), tailDeflated]);
  const size = head.length + mib * chunk.length + tail.length;
  const sheet: ZipEntry = { name: 'xl/worksheets/sheet1.xml', deflated, size, crc, declaredSize: options.declaredSize };
  return zip(workbookParts([sheet]));
}

/** `count` worksheets of `mib` MiB of whitespace each: every part within the per-part limit, not their sum. */
export function sheetsBomb(count: number, mib: number): Uint8Array {
  const xml = Buffer.concat([Buffer.from(`${SHEET_HEAD}<sheetData>`), Buffer.alloc(mib * 1024 * 1024, 0x20), Buffer.from('</sheetData></worksheet>')]);
  const sheet = { name: '', deflated: deflateRawSync(xml), size: xml.length, crc: crc32(xml) };
  return zip(workbookParts(Array.from({ length: count }, () => sheet)));
}

/** A workbook with `count` extra empty entries in its archive. */
export function tooManyEntries(count: number): Uint8Array {
  const parts = workbookParts([entry('xl/worksheets/sheet1.xml', `${SHEET_HEAD}<sheetData/></worksheet>`)]);
  const empty = entry('x', '');
  return zip([...parts, ...Array.from({ length: count }, (_, i) => ({ ...empty, name: `xl/e${i}` }))]);
}

/** A small table (title, unit, heads, two indicators) as rows of inline cells starting at `row`. */
export function tableRows(row = 1): string {
  const rows = [
    ['项目支出预算绩效目标表'],
    ['单位：万元'],
    ['项目名称', '小表'],
    ['一级指标', '二级指标', '三级指标', '指标值'],
    ['产出指标', '数量指标', '培训人数', '≥100人'],
    ['效益指标', '社会效益指标', '满意度', '≥90%'],
  ];
  return rows
    .map((cells, i) => {
      const r = row + i;
      const cs = cells.map((t, c) => inlineCell(`${String.fromCharCode(65 + c)}${r}`, t)).join('');
      return `<row r="${r}">${cs}</row>`;
    })
    .join('');
}

/** A tiny workbook whose `<dimension>` claims A1:ALL1048576 (a real table inside, nothing else). */
export function giantDimension(): Uint8Array {
  return workbookWithSheet(`${SHEET_HEAD}<dimension ref="A1:ALL1048576"/><sheetData>${tableRows()}</sheetData></worksheet>`);
}

/** A table plus a single stray cell at XFD1048576, the last cell of a sheet. */
export function farCell(): Uint8Array {
  return workbookWithSheet(
    `${SHEET_HEAD}<dimension ref="A1:XFD1048576"/><sheetData>${tableRows()}` +
      `<row r="1048576">${inlineCell('XFD1048576', 'x')}</row></sheetData></worksheet>`,
  );
}

/** A table and a merged range covering the whole sheet. */
export function hugeMerge(): Uint8Array {
  return workbookWithSheet(
    `${SHEET_HEAD}<sheetData>${tableRows()}</sheetData>` +
      '<mergeCells count="1"><mergeCell ref="F1:XFD1048576"/></mergeCells></worksheet>',
  );
}

/** A valid but heavy workbook: the small table, then `count` numeric cells in rows of 20. */
export function manyCells(count: number): Uint8Array {
  const rows: string[] = [];
  for (let r = 0; r * 20 < count; r++) {
    const row = 10 + r;
    const cells = Array.from({ length: Math.min(20, count - r * 20) }, (_, c) => `<c r="${String.fromCharCode(65 + c)}${row}"><v>${r + c}</v></c>`);
    rows.push(`<row r="${row}">${cells.join('')}</row>`);
  }
  return workbookWithSheet(`${SHEET_HEAD}<sheetData>${tableRows()}${rows.join('')}</sheetData></worksheet>`);
}
