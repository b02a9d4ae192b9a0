/**
 * xlsx import and export (`@jixiao/table/xlsx`). A subpath of its own so that browser bundles
 * importing `@jixiao/table` do not pull in exceljs. The layout itself is in `@jixiao/table`.
 */
export { exportWorkbook, type ExportWorkbookOptions, SHEET_NAME } from './export-workbook.ts';
export {
  importWorkbook,
  type ImportedWorkbookTable,
  type WorkbookImportResult,
  XlsxImportError,
  type XlsxImportErrorCode,
} from './import-workbook.ts';
