/**
 * The CPU-heavy half of POST /api/import/preview: what the importers recognise in the text or
 * workbook, as preview JSON. Pure (stores nothing); runs in the import worker.
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
import { importWorkbook, XlsxImportError, type XlsxImportErrorCode } from '@jixiao/table/xlsx';
import { ImportRequestError, type ImportErrorStatus } from './import-errors.ts';

export type ImportSource = { kind: 'text'; text: string } | { kind: 'xlsx'; data: Uint8Array };

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

/** How each workbook refusal is answered. */
const WORKBOOK_ERRORS: Record<XlsxImportErrorCode, [ImportErrorStatus, string]> = {
  NOT_XLSX: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  NO_TABLE: [422, 'UNRECOGNIZED'],
  TOO_LARGE: [413, 'WORKBOOK_TOO_LARGE'],
  TOO_COMPLEX: [422, 'WORKBOOK_TOO_COMPLEX'],
};

/**
 * Indicator rows in one preview. A real upload has tens to a few thousand; the cap bounds the
 * result the server thread must copy from the worker and serialise.
 */
export const MAX_PREVIEW_INDICATORS = 10_000;

function bounded<T extends ImportedTable>(tables: T[]): T[] {
  const rows = tables.reduce((n, t) => n + t.table.indicators.length, 0);
  if (rows > MAX_PREVIEW_INDICATORS) {
    throw new ImportRequestError(
      422,
      'TOO_MANY_ROWS',
      `指标行过多（${rows} 行），一次最多预览 ${MAX_PREVIEW_INDICATORS} 行：请拆分后分别导入`,
    );
  }
  return tables;
}

/** The preview of what the source holds; ImportRequestError when nothing could be recognised. */
export async function parseImport(source: ImportSource): Promise<PreviewResult> {
  if (source.kind === 'xlsx') {
    try {
      const r = await importWorkbook(source.data);
      return { tables: bounded(r.tables).map(previewTable), selfEvaluations: [], doubts: r.doubts };
    } catch (e) {
      if (e instanceof XlsxImportError) {
        const [status, code] = WORKBOOK_ERRORS[e.code];
        throw new ImportRequestError(status, code, e.message);
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
  return { tables: bounded(r.tables).map(previewTable), selfEvaluations: r.selfEvaluations, doubts: r.doubts };
}
