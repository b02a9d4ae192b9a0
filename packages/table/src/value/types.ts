/** The structure read out of one 指标值 (DOMAIN.md §1). The published text is never altered. */
export type Comparator = '≥' | '≤' | '>' | '<' | '=' | '≈';

export type ValueKind = 'quantitative' | 'deadline' | 'qualitative' | 'compound' | 'empty';

/**
 * How a deadline bounds the work: 'before' = 前/之前 (strictly before), 'by' = 不晚于/截至
 * (on or before), 'on' = a plain date or month, 'end-of' = 底/末 (by the end of that month/year).
 */
export type DateBound = 'before' | 'by' | 'on' | 'end-of';

export interface ValueDate {
  /** Absent when the text leaves it to the table's year (`12月15日前`, `年底前`). */
  year?: number;
  month?: number;
  day?: number;
  bound: DateBound;
}

export interface ParsedValue {
  /** The text as given, untouched (for compound parts: the part's normalised text). */
  text: string;
  kind: ValueKind;
  /** The comparator written; absent on a quantity means none was written, i.e. equality. */
  comparator?: Comparator;
  number?: number;
  /** As written after the number ('人次', '万元/套', '%', '万人'); '' for a bare number. */
  unit?: string;
  /** The quantities of a compound value, in text order. */
  parts?: ParsedValue[];
  date?: ValueDate;
  /** In Chinese: what looks wrong or could not be read. */
  doubts: string[];
}
