/** Collects one table's data and doubts while a layout parser walks the published lines. */
import type { MoneyUnit } from '../fields.ts';
import type { TableJSON } from '../table-doc.ts';
import type { HeaderKey } from './header-labels.ts';
import { MONEY_FIELDS, HEADER_FIELDS } from '../fields.ts';
import type { Doubt } from './types.ts';

const LABELS: Record<string, string> = { ...HEADER_FIELDS, ...MONEY_FIELDS };

export function fieldLabel(field: HeaderKey): string {
  return LABELS[field] ?? field;
}

export class TableBuilder {
  readonly lines: readonly string[];
  readonly header: TableJSON['header'] = {};
  readonly indicators: TableJSON['indicators'] = [];
  readonly doubts: Doubt[] = [];
  goal = '';

  constructor(lines: readonly string[]) {
    this.lines = lines;
  }

  /** Record a doubt about line `index` (0-based). */
  doubt(index: number, message: string): void {
    this.doubts.push({ line: index + 1, message, text: this.lines[index] ?? '' });
  }

  has(field: HeaderKey): boolean {
    return this.header[field] !== undefined;
  }

  /** Set a header value; a different second value is kept out and flagged. */
  set(field: HeaderKey, value: string, index: number): void {
    const old = this.header[field];
    if (old === undefined) this.header[field] = value;
    else if (old !== value) this.doubt(index, `「${fieldLabel(field)}」出现两个不同的值：「${old}」与「${value}」，保留前者`);
  }

  setUnit(unit: MoneyUnit, index: number): void {
    const old = this.header.moneyUnit;
    if (old === undefined) this.header.moneyUnit = unit;
    else if (old !== unit) this.doubt(index, `金额单位不一致：「${old}」与「${unit}」，保留前者`);
  }

  addIndicator(level1: string, level2: string, name: string, value: string): void {
    this.indicators.push({ level1, level2, name, value });
  }

  toJSON(): TableJSON {
    return { header: { ...this.header }, goal: this.goal, indicators: this.indicators.map((r) => ({ ...r })) };
  }
}
