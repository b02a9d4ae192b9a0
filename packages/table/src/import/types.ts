import type { TableJSON } from '../table-doc.ts';

/** Something the importer was unsure about, for a person to check against the publication. */
export interface Doubt {
  /** 1-based line of the published text. */
  line: number;
  /** In Chinese: what looks wrong and what the importer did about it. */
  message: string;
  /** The published line, as is. */
  text: string;
}

export interface ImportedTable {
  table: TableJSON;
  doubts: Doubt[];
  /** 1-based, inclusive line range of the table (all its pages) in the text. */
  source: { startLine: number; endLine: number };
}

export interface ImportResult {
  tables: ImportedTable[];
  /** Doubts about the text outside any table (each table carries its own). */
  doubts: Doubt[];
}
