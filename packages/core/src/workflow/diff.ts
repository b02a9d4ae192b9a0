/**
 * The difference between two tables by stable indicator ids: rows added, removed, changed
 * (field by field), moved (to another group, or to another place in their group), header and
 * money fields, and the goal text.
 */
import { HEADER_LABELS, INDICATOR_FIELD_LABELS, INDICATOR_TEXT_FIELDS, type TableJSON } from '@jixiao/table';

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface IndicatorRef {
  id: string;
  level1: string;
  level2: string;
  name: string;
  value: string;
}

export interface TableDiff {
  added: IndicatorRef[];
  removed: IndicatorRef[];
  changed: (IndicatorRef & { fields: FieldChange[] })[];
  moved: (IndicatorRef & { from: { level1: string; level2: string; position: number }; to: { level1: string; level2: string; position: number } })[];
  header: FieldChange[];
  goal: { before: string; after: string } | null;
}


type Row = TableJSON['indicators'][number];

const ref = (r: Row): IndicatorRef => ({ id: r.id ?? '', level1: r.level1, level2: r.level2, name: r.name, value: r.value });

export function diffTables(before: TableJSON, after: TableJSON): TableDiff {
  const old = new Map(before.indicators.filter((r) => r.id).map((r) => [r.id!, r]));
  const now = new Map(after.indicators.filter((r) => r.id).map((r) => [r.id!, r]));
  const diff: TableDiff = { added: [], removed: [], changed: [], moved: [], header: [], goal: null };

  for (const r of after.indicators) if (r.id && !old.has(r.id)) diff.added.push(ref(r));
  for (const r of before.indicators) if (r.id && !now.has(r.id)) diff.removed.push(ref(r));

  // a row's place among the rows its group keeps in both versions: insertions elsewhere do not move it
  const oldPlace = positions(before.indicators, now);
  const newPlace = positions(after.indicators, old);
  for (const r of after.indicators) {
    const prev = r.id ? old.get(r.id) : undefined;
    if (!prev) continue;
    const fields: FieldChange[] = [];
    // the texts of a row; its levels changing is a move, reported below
    for (const field of INDICATOR_TEXT_FIELDS) {
      const a = prev[field] ?? '';
      const b = r[field] ?? '';
      if (a !== b) fields.push({ field, label: INDICATOR_FIELD_LABELS[field], before: a, after: b });
    }
    if (fields.length) diff.changed.push({ ...ref(r), fields });
    const from = oldPlace.get(r.id!)!;
    const to = newPlace.get(r.id!)!;
    if (prev.level1 !== r.level1 || prev.level2 !== r.level2 || from !== to) {
      diff.moved.push({ ...ref(r), from: { level1: prev.level1, level2: prev.level2, position: from }, to: { level1: r.level1, level2: r.level2, position: to } });
    }
  }

  const keys = new Set([...Object.keys(before.header), ...Object.keys(after.header)]);
  for (const [field, label] of Object.entries(HEADER_LABELS).filter(([k]) => keys.has(k))) {
    const a = (before.header as Record<string, string | undefined>)[field] ?? '';
    const b = (after.header as Record<string, string | undefined>)[field] ?? '';
    if (a !== b) diff.header.push({ field, label, before: a, after: b });
  }
  if (before.goal !== after.goal) diff.goal = { before: before.goal, after: after.goal };
  return diff;
}

/** 1-based place of each row within its 二级 group, counting only rows present in `other` too. */
function positions(rows: readonly Row[], other: ReadonlyMap<string, Row>): Map<string, number> {
  const counters = new Map<string, number>();
  const out = new Map<string, number>();
  for (const r of rows) {
    if (!r.id || !other.has(r.id)) continue;
    const group = `${r.level1}\u0000${r.level2}`;
    const n = (counters.get(group) ?? 0) + 1;
    counters.set(group, n);
    out.set(r.id, n);
  }
  return out;
}
