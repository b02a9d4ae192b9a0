import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importPublishedText } from '../import/import-published-text.ts';
import { readSeed } from '../import/seed-fixtures.ts';
import { skeletonTable, type TableJSON, TableDoc } from '../table-doc.ts';
import { mulberry32 as makePrng } from '../test-prng.ts';
import { cellText, moneyCell } from './export-workbook.ts';
import { exportWorkbook, importWorkbook, SHEET_NAME, XlsxImportError } from './index.ts';
import type { XlsxInput } from './import-workbook.ts';
import { indicatorSpans, parseYearLine, yearLine } from './layout.ts';

const seedTables: Array<{ label: string; table: TableJSON }> = (['000', '001', '003', '004'] as const).flatMap((seed) =>
  importPublishedText(readSeed(seed)).tables.map((t, i) => ({
    label: `${seed}#${i + 1} ${t.table.header.projectName}`,
    table: t.table,
  })),
);

async function roundTrip(table: TableJSON): Promise<TableJSON> {
  const { tables } = await importWorkbook(await exportWorkbook(table));
  expect(tables).toHaveLength(1);
  return tables[0]!.table;
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as XlsxInput);
  return wb.worksheets[0]!;
}

describe('xlsx round trip of the seed tables', () => {
  it('has all 21 seed tables', () => {
    expect(seedTables).toHaveLength(21);
  });

  it.each(seedTables)('$label', async ({ table }) => {
    expect(await roundTrip(table)).toEqual(table);
  });
});

describe('moneyCell', () => {
  it('turns amounts as typed into numbers with a format that shows them the same way', () => {
    expect(moneyCell('284', '万元')).toEqual({ value: 284, numFmt: '0"万元"' });
    expect(moneyCell(' 12.00 ', '万元')).toEqual({ value: 12, numFmt: '0.00"万元"' });
    expect(moneyCell('1,234.5', '元')).toEqual({ value: 1234.5, numFmt: '#,##0.0"元"' });
    expect(moneyCell('0.955', '万元')).toEqual({ value: 0.955, numFmt: '0.000"万元"' });
    expect(moneyCell('-3', '元')).toEqual({ value: -3, numFmt: '0"元"' });
    for (const text of ['', '待定', '284万元', '007', '1,23', '1.2.3', '12,345,67', '1e5', 'Infinity']) {
      expect(moneyCell(text, '万元'), text).toBeNull();
    }
  });
});

describe('exportWorkbook layout', () => {
  const table = seedTables[0]!.table;

  it('writes the official sheet with merged 一级/二级 cells, text values and an A4 print setup', async () => {
    const ws = await load(await exportWorkbook(table));
    expect(ws.name).toBe(SHEET_NAME);
    expect(ws.getCell('A1').value).toBe('项目支出预算绩效目标表');
    expect(ws.getCell('A2').value).toBe('（2026年）');
    expect(ws.getCell('A3').value).toBe('单位：万元');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.fitToWidth).toBe(1);

    // money is a number (sums work in Excel and WPS) shown as typed with its unit; the rest is text
    const cells: ExcelJS.Cell[] = [];
    ws.eachRow((row) => row.eachCell((c) => cells.push(c)));
    const total = cells.find((c) => c.value === '项目总额')!;
    const amount = ws.getCell(total.fullAddress.row, total.fullAddress.col + 1);
    expect(amount.value).toBe(284);
    expect(amount.numFmt).toBe('0"万元"');
    expect(cells.filter((c) => typeof c.value === 'number').every((c) => c.numFmt?.endsWith('"万元"'))).toBe(true);

    // 一级 产出指标 spans all its rows
    const head = cells.find((c) => c.value === '一级指标')!;
    const first = head.fullAddress.row + 1;
    const outputs = table.indicators.filter((r) => r.level1 === '产出指标').length;
    expect(ws.getCell(first, 1).value).toBe('产出指标');
    expect(ws.getCell(first + outputs - 1, 1).isMerged).toBe(true);
    expect(ws.getCell(first + outputs - 1, 1).master.address).toBe(`A${first}`);
    expect(ws.getCell(first + outputs, 1).master.address).toBe(`A${first + outputs}`);
    expect(ws.getCell(first, 2).value).toBe('数量指标');
    expect(ws.getCell(first, 4).value).toBe('10套');
  });

  it('writes 单位：元 for tables in 元', async () => {
    const yuan = seedTables.find((t) => t.table.header.moneyUnit === '元')!.table;
    const ws = await load(await exportWorkbook(yuan));
    expect(ws.getCell('A3').value).toBe('单位：元');
  });

  it('round-trips a new skeleton table, a TableDoc export, and awkward text', async () => {
    const skeleton = skeletonTable({ projectName: '新项目', year: '2027' });
    expect(await roundTrip(skeleton)).toEqual(skeleton);

    const doc = new TableDoc();
    doc.load(seedTables[5]!.table);
    const fromDoc = doc.toJSON();
    const back = await roundTrip(fromDoc);
    expect(back).toEqual({ ...fromDoc, indicators: fromDoc.indicators.map(({ id: _id, ...r }) => r) });

    const awkward: TableJSON = {
      header: { projectName: '  前后空格 ', moneyUnit: '元', year: '2026年度', localTotal: '007' },
      goal: '第一行\n第二行  \n\n  第四行 <&>"\'',
      indicators: [
        { level1: '产出指标', level2: '数量指标', name: '=1+1', value: '0012' },
        { level1: '产出指标', level2: '数量指标', name: '', value: '' },
        { level1: '效益指标', level2: '成本指标', name: '错位', value: '1.50' },
        { level1: '产出指标', level2: '数量指标', name: '又回到产出', value: 'TRUE' },
      ],
    };
    const out = await roundTrip(awkward);
    expect(out).toEqual(awkward);
  });

  it('writes a valid workbook for text with control characters (pasted from Word)', async () => {
    const table: TableJSON = {
      header: { moneyUnit: '万元', projectName: 'a\u000bb\u0001c\u0000d' },
      goal: 'x\u000by\r\nz\tw\r😀\ud800',
      indicators: [{ level1: '产出指标', level2: '数量指标', name: 'n\u0008', value: 'v\ufffe' }],
    };
    expect(await roundTrip(table)).toEqual({
      header: { moneyUnit: '万元', projectName: 'a\nbcd' },
      goal: 'x\ny\nz\tw\n😀',
      indicators: [{ level1: '产出指标', level2: '数量指标', name: 'n', value: 'v' }],
    });
    expect(cellText('第一行\r\n第二行')).toBe('第一行\n第二行');
  });

  it('keeps random tables intact', async () => {
    const rand = makePrng(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const words = ['指标', '≥90%', '12月15日前', ' ', '\n', '万元', '；', 'a', '0.52', '（）'];
    const text = (n: number) => Array.from({ length: Math.floor(rand() * n) }, () => pick(words)).join('');
    for (let k = 0; k < 5; k++) {
      const table: TableJSON = {
        header: { projectName: `项目${text(5)}x`, moneyUnit: pick(['万元', '元'] as const), annualTotal: '12.30' },
        goal: text(40),
        indicators: Array.from({ length: 1 + Math.floor(rand() * 30) }, () => ({
          level1: pick(['产出指标', '效益指标', '满意度指标']),
          level2: pick(['数量指标', '质量指标', '社会效益指标']),
          name: text(8),
          value: text(4),
        })),
      };
      expect(await roundTrip(table)).toEqual(table);
    }
  });
});

describe('importWorkbook', () => {
  it('finds the table on any sheet, next to unrelated sheets, and reads several tables', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').getCell('A1').value = '本工作簿由某单位填报';
    const a = seedTables[0]!.table;
    const b = seedTables[10]!.table;
    for (const [name, t] of [
      ['表一', a],
      ['Sheet3', b],
    ] as const) {
      const src = new ExcelJS.Workbook();
      await src.xlsx.load((await exportWorkbook(t)) as unknown as XlsxInput);
      const from = src.worksheets[0]!;
      const ws = wb.addWorksheet(name);
      from.eachRow({ includeEmpty: true }, (row, r) => {
        row.eachCell({ includeEmpty: true }, (cell, c) => {
          if (cell.isMerged && cell.master !== cell) return;
          // as Excel copies a sheet: values with their number formats
          ws.getCell(r, c).value = cell.value;
          ws.getCell(r, c).numFmt = cell.numFmt;
        });
      });
      for (const range of (from.model as unknown as { merges: string[] }).merges) ws.mergeCells(range);
    }
    const result = await importWorkbook(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect(result.tables.map((t) => t.sheet)).toEqual(['表一', 'Sheet3']);
    expect(result.tables[0]!.table).toEqual(a);
    expect(result.tables[1]!.table).toEqual(b);
  });

  it('accepts an ArrayBuffer', async () => {
    const bytes = await exportWorkbook(seedTables[3]!.table);
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const { tables } = await importWorkbook(buf);
    expect(tables[0]!.table).toEqual(seedTables[3]!.table);
  });

  it('reads a hand-made sheet with numbers, blank lines and a misplaced 二级, flagging doubts', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRows([
      ['2026年某局项目支出预算绩效目标表'],
      ['（2026年）'],
      ['', '', '', '单位：元'],
      ['项目名称', '手工表'],
      ['项目总额', 300000, '年度资金总额', 300000],
      ['年度总体绩效目标', '目标'],
      ['一级指标', '二级指标', '三级指标', '指标值'],
      ['产出指标', '数量指标', '人数', '20人'],
      [],
      ['效益指标', '成本指标', '成本', 300000],
      ['', '', '无名', '无'],
    ]);
    const result = await importWorkbook(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    const [t] = result.tables;
    expect(t!.table.header).toEqual({
      year: '2026',
      moneyUnit: '元',
      projectName: '手工表',
      projectTotal: '300000',
      annualTotal: '300000',
    });
    expect(t!.table.indicators).toEqual([
      { level1: '产出指标', level2: '数量指标', name: '人数', value: '20人' },
      { level1: '效益指标', level2: '成本指标', name: '成本', value: '300000' },
      { level1: '', level2: '', name: '无名', value: '无' },
    ]);
    expect(t!.doubts.map((d) => d.line)).toEqual([10, 11]);
    expect(t!.doubts[0]!.message).toContain('成本指标');
    expect(t!.source).toEqual({ startLine: 1, endLine: 11 });
  });

  it('rejects bytes that are not a workbook with NOT_XLSX', async () => {
    const rand = makePrng(1);
    const noise = Uint8Array.from({ length: 2048 }, () => Math.floor(rand() * 256));
    await expect(importWorkbook(noise)).rejects.toMatchObject({ name: 'XlsxImportError', code: 'NOT_XLSX' });
    // a zip signature followed by garbage
    noise[0] = 0x50;
    noise[1] = 0x4b;
    await expect(importWorkbook(noise)).rejects.toMatchObject({ code: 'NOT_XLSX' });
    await expect(importWorkbook(new Uint8Array())).rejects.toBeInstanceOf(XlsxImportError);
    const err = await importWorkbook(new TextEncoder().encode('项目名称\t测试')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XlsxImportError);
    expect((err as XlsxImportError).message).toMatch(/Excel/);
  });

  it('rejects a workbook without a target table with NO_TABLE', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('工资表');
    ws.addRows([
      ['姓名', '部门', '金额'],
      ['张三', '办公室', 5000],
    ]);
    const err = await importWorkbook(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(XlsxImportError);
    expect(err).toMatchObject({ code: 'NO_TABLE' });
    expect((err as Error).message).toContain('绩效目标表');

    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('Sheet1');
    await expect(
      importWorkbook(new Uint8Array((await empty.xlsx.writeBuffer()) as ArrayBuffer)),
    ).rejects.toMatchObject({ code: 'NO_TABLE' });
  });
});

describe('layout helpers', () => {
  it('year line round-trips', () => {
    for (const y of ['2026', '2026年度', '2021年', '二〇二六']) expect(parseYearLine(yearLine(y))).toBe(y);
    expect(yearLine(undefined)).toBe('');
    expect(parseYearLine('(2026 年)')).toBe('2026');
    expect(parseYearLine('单位：万元')).toBeUndefined();
  });

  it('spans merge runs of equal 一级 and, within them, equal 二级', () => {
    const r = (level1: string, level2: string) => ({ level1, level2, name: '', value: '' });
    expect(
      indicatorSpans([r('A', 'x'), r('A', 'x'), r('A', 'y'), r('B', 'y'), r('B', 'y'), r('A', 'y')]),
    ).toEqual([
      { level1: 3, level2: 2 },
      { level1: 0, level2: 0 },
      { level1: 0, level2: 1 },
      { level1: 2, level2: 2 },
      { level1: 0, level2: 0 },
      { level1: 1, level2: 1 },
    ]);
  });
});
