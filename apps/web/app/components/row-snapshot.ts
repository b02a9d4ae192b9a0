/**
 * A deleted indicator row, kept by the one who deleted it so 撤销 can put it back exactly:
 * same id (comments and sign-offs keyed by it find it again), same group, order key and text.
 */
import { INDICATOR_TEXT_FIELDS, type IndicatorTextField, type TableDoc } from '@jixiao/table';

export interface RowSnapshot {
  id: string;
  level1: string;
  level2: string;
  order: string;
  texts: Partial<Record<IndicatorTextField, string>>;
}

/** The row as it is now, or null when there is no such row. */
export function snapshotRow(table: TableDoc, id: string): RowSnapshot | null {
  const row = table.indicators().find((r) => r.id === id);
  if (!row) return null;
  const texts: RowSnapshot['texts'] = {};
  for (const f of INDICATOR_TEXT_FIELDS) {
    const v = row[f];
    if (v) texts[f] = v;
  }
  return { id, level1: row.level1, level2: row.level2, order: row.order, texts };
}

/** Put a deleted row back in one transaction; false (nothing done) when the id is taken again. */
export function restoreRow(table: TableDoc, snap: RowSnapshot): boolean {
  if (table.row(snap.id)) return false;
  table.doc.transact(() => {
    table.addIndicator({ level1: snap.level1, level2: snap.level2, name: snap.texts.name, value: snap.texts.value }, undefined, snap.id);
    if (snap.order) table.row(snap.id)?.set('order', snap.order);
    for (const f of INDICATOR_TEXT_FIELDS) {
      const v = snap.texts[f];
      if (v && f !== 'name' && f !== 'value') table.setIndicatorText(snap.id, f, v);
    }
  });
  return true;
}
