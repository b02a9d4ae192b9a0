/** Why a workbook could not be imported; the message is for the user (Simplified Chinese). */
export type XlsxImportErrorCode =
  /** not a zip / xlsx, or damaged */
  | 'NOT_XLSX'
  /** readable, but no target table in it */
  | 'NO_TABLE'
  /** inflates beyond the size limits */
  | 'TOO_LARGE'
  /** too many parts, cells or merged cells to read safely */
  | 'TOO_COMPLEX';

export class XlsxImportError extends Error {
  readonly code: XlsxImportErrorCode;
  constructor(code: XlsxImportErrorCode, message: string) {
    super(message);
    this.name = 'XlsxImportError';
    this.code = code;
  }
}

export const notXlsx = (why = '不是有效的 Excel 工作簿（.xlsx），或文件已损坏') =>
  new XlsxImportError('NOT_XLSX', `无法读取该文件：${why}`);
