/**
 * Bounds on what reading one uploaded workbook may cost. A performance table is a few hundred
 * cells; these leave room for workbooks of many tables while keeping a hostile file (zip bomb,
 * cell at XFD1048576, a merge over the whole sheet) cheap to refuse.
 */
export interface XlsxReadLimits {
  /** Entries in the zip archive. */
  maxEntries: number;
  /** Inflated bytes of one part read (worksheet, shared strings, …). */
  maxEntryBytes: number;
  /** Inflated bytes of all parts read together. */
  maxTotalBytes: number;
  /** Cells with a value plus cells covered by merged ranges, over all sheets. */
  maxCells: number;
  /** Merged ranges, over all sheets. */
  maxMerges: number;
}

export const DEFAULT_XLSX_LIMITS: Readonly<XlsxReadLimits> = Object.freeze({
  maxEntries: 2000,
  maxEntryBytes: 16 * 1024 * 1024,
  maxTotalBytes: 32 * 1024 * 1024,
  maxCells: 200_000,
  maxMerges: 20_000,
});

export const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
