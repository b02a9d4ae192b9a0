/**
 * Hostile workbooks are refused, or read, at a cost bounded by the read limits: zip bombs stop
 * inflating at the limit, sheets are walked by the cells they hold (not their dimension),
 * merged ranges and cell counts are capped. Each case must also be quick.
 */
import { describe, expect, it } from 'vitest';
import { importWorkbook, XlsxImportError } from './index.ts';
import { DEFAULT_XLSX_LIMITS } from './limits.ts';
import {
  farCell,
  giantDimension,
  hugeMerge,
  inlineCell,
  sheetsBomb,
  tableRows,
  tooManyEntries,
  workbookWithSheet,
  zipBomb,
} from './test-workbooks.ts';

const QUICK_MS = 1000;

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result?: T; error?: unknown }> {
  const t0 = performance.now();
  try {
    const result = await run();
    return { ms: performance.now() - t0, result };
  } catch (error) {
    return { ms: performance.now() - t0, error };
  }
}

async function refused(bytes: Uint8Array, code: string, message: RegExp, limits = DEFAULT_XLSX_LIMITS) {
  const { ms, error } = await timed(() => importWorkbook(bytes, limits));
  expect(error).toBeInstanceOf(XlsxImportError);
  expect((error as XlsxImportError).code).toBe(code);
  expect((error as Error).message).toMatch(message);
  expect(ms).toBeLessThan(QUICK_MS);
}

const sheet = (body: string) =>
  `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;

describe('zip limits', () => {
  it('refuses a 200 KB zip bomb (190 MiB inflated) before inflating it', async () => {
    const bomb = zipBomb(190);
    expect(bomb.length).toBeLessThan(210 * 1024);
    await refused(bomb, 'TOO_LARGE', /解压后过大/);
  });

  it('stops inflating at the limit when the declared size lies', async () => {
    await refused(zipBomb(190, { declaredSize: 1000 }), 'TOO_LARGE', /解压后过大/);
  });

  it('limits the total inflated size across parts', async () => {
    // three 12 MiB sheets: each under the 16 MiB per-part limit, together over 32 MiB
    await refused(sheetsBomb(3, 12), 'TOO_LARGE', /合计最多 32 MB/);
  });

  it('refuses an archive with too many entries', async () => {
    await refused(tooManyEntries(DEFAULT_XLSX_LIMITS.maxEntries), 'TOO_COMPLEX', /文件过多/);
  });
});

describe('sheet limits', () => {
  it('reads a table under a <dimension> of A1:ALL1048576 by its cells only', async () => {
    const { ms, result } = await timed(() => importWorkbook(giantDimension()));
    expect(ms).toBeLessThan(QUICK_MS);
    expect(result!.tables[0]!.table.indicators).toHaveLength(2);
  });

  it('reads a table next to a single cell at XFD1048576', async () => {
    const { ms, result } = await timed(() => importWorkbook(farCell()));
    expect(ms).toBeLessThan(QUICK_MS);
    expect(result!.tables[0]!.table.header.projectName).toBe('小表');
  });

  it('refuses a merged range over the whole sheet', async () => {
    await refused(hugeMerge(), 'TOO_COMPLEX', /合并单元格/);
  });

  it('caps cells and merged ranges', async () => {
    const limits = { ...DEFAULT_XLSX_LIMITS, maxCells: 20, maxMerges: 2 };
    const many = workbookWithSheet(sheet(`<row r="1">${Array.from({ length: 21 }, (_, i) => `<c r="A${i + 1}"><v>1</v></c>`).join('')}</row>`));
    await refused(many, 'TOO_COMPLEX', /单元格.*超过 20 个/, limits);
    const merges = workbookWithSheet(
      `${sheet(tableRows())}`.replace('</worksheet>', '<mergeCells><mergeCell ref="H1:H2"/><mergeCell ref="H3:H4"/><mergeCell ref="H5:H6"/></mergeCells></worksheet>'),
    );
    await refused(merges, 'TOO_COMPLEX', /合并单元格超过 2 处/, limits);
  });

  it('refuses broken XML, a DTD and cell addresses outside the grid as NOT_XLSX', async () => {
    await refused(workbookWithSheet('<worksheet><sheetData><row r="1"><c r="A1" t="s'), 'NOT_XLSX', /XML/);
    await refused(workbookWithSheet(`<!DOCTYPE x [<!ENTITY a "aaaa">]>${sheet('')}`), 'NOT_XLSX', /DTD/);
    await refused(workbookWithSheet(sheet(`<row r="1">${inlineCell('XFE1', 'x')}</row>`)), 'NOT_XLSX', /XFE1/);
  });

  it('scans a sheet of a million unclosed cells in linear time', async () => {
    // about a second here; a scanner that searched back or ahead per tag would take hours
    const bytes = workbookWithSheet(sheet('<c r="A1">'.repeat(1_000_000)));
    const { ms, error } = await timed(() => importWorkbook(bytes));
    expect(ms).toBeLessThan(10 * QUICK_MS);
    expect(error).toMatchObject({ code: 'NO_TABLE' });
  });
});

describe('cell text', () => {
  it('reads inline rich text, escapes, booleans, errors, cached formula results and cells without an address', async () => {
    const rows =
      `${tableRows()}<row r="7"><c t="inlineStr"><is><r><t>富</t></r><r><t xml:space="preserve">文本_x000D_ &amp; </t></r><rPh><t>ふ</t></rPh></is></c>` +
      '<c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="str"><f>A1</f><v>公式</v></c></row>' +
      '<row><c r="A8"><f>1+1</f><v>2</v></c><c r="B8"><v>1.50</v></c><c t="inlineStr"><is><t>x</t></is></c><c><v>1E3</v></c></row>';
    const { tables } = await importWorkbook(workbookWithSheet(sheet(rows)));
    expect(tables[0]!.table.indicators).toEqual([
      { level1: '产出指标', level2: '数量指标', name: '培训人数', value: '≥100人' },
      { level1: '效益指标', level2: '社会效益指标', name: '满意度', value: '≥90%' },
      { level1: '富文本\r & ', level2: 'true', name: '', value: '公式' },
      { level1: '2', level2: '1.5', name: 'x', value: '1000' },
    ]);
  });
});
