/**
 * The Yjs schema of one performance table, with typed accessors.
 *
 *   header      Y.Map<string>   HEADER_FIELDS and MONEY_FIELDS, plus `moneyUnit`
 *   goal        Y.Text          年度总体绩效目标 (merges character by character)
 *   indicators  Y.Map<Y.Map>    id → { level1, level2, order, name: Y.Text, value: Y.Text, … }
 *
 * Rows are keyed by a stable id and ordered by a sortable key (ties broken by id), never by
 * array position, so concurrent inserts, moves and deletes converge without duplicates.
 */
import * as Y from 'yjs';
import type { HeaderField, MoneyField, MoneyUnit } from './fields.ts';
import { initialKeys, keyBetween } from './order-key.ts';
import { LEVEL1, LEVEL2_ORDER, SKELETON } from './skeleton.ts';

export type IndicatorTextField = 'name' | 'value' | 'actual' | 'score' | 'weight' | 'remark';
export const INDICATOR_TEXT_FIELDS: readonly IndicatorTextField[] = [
  'name',
  'value',
  'actual',
  'score',
  'weight',
  'remark',
];

export interface IndicatorInput {
  level1: string;
  level2: string;
  name?: string;
  value?: string;
}

export interface IndicatorRow {
  id: string;
  level1: string;
  level2: string;
  order: string;
  name: string;
  value: string;
  actual?: string;
  score?: string;
  weight?: string;
  remark?: string;
}

export interface TableJSON {
  header: Partial<Record<HeaderField | MoneyField, string>> & { moneyUnit?: MoneyUnit };
  goal: string;
  indicators: Array<Omit<IndicatorRow, 'id' | 'order'> & { id?: string }>;
}

let idCounter = 0;
/** Unique across replicas: random part plus a local counter. */
export function newIndicatorId(): string {
  idCounter = (idCounter + 1) % 1_000_000;
  return `i${Math.random().toString(36).slice(2, 10)}${idCounter.toString(36)}`;
}

type SortableRow = { level1: string; level2: string; order: string; id: string };

/** Group first (skeleton order, unknown names last), then order key, then id for ties. */
/**
 * A new row with every text field present from the start: two people who begin typing in the
 * same empty field at once then edit one shared Y.Text instead of racing to create it.
 */
function newRow(
  level1: string,
  level2: string,
  order: string,
  texts: Partial<Record<IndicatorTextField, string>>,
): Y.Map<unknown> {
  const row = new Y.Map<unknown>();
  row.set('level1', level1);
  row.set('level2', level2);
  row.set('order', order);
  for (const f of INDICATOR_TEXT_FIELDS) row.set(f, new Y.Text(texts[f] ?? ''));
  return row;
}

function compareRows(a: SortableRow, b: SortableRow): number {
  const g = level1Rank(a.level1) - level1Rank(b.level1) || level2Rank(a.level2) - level2Rank(b.level2);
  if (g) return g;
  if (a.level1 !== b.level1) return a.level1 < b.level1 ? -1 : 1;
  if (a.level2 !== b.level2) return a.level2 < b.level2 ? -1 : 1;
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function level1Rank(level1: string): number {
  const i = (LEVEL1 as readonly string[]).indexOf(level1);
  return i < 0 ? LEVEL1.length : i;
}

/**
 * An order key placing a row right after `afterId` within `groupRows` ('' = first of the
 * group; an id not in the group = last). Neighbours come from the group only: other groups
 * sort separately, so their keys need not be larger.
 */
function keyInGroup(groupRows: IndicatorRow[], afterId: string | undefined): string {
  if (afterId === '') return keyBetween('', groupRows[0]?.order ?? '');
  const idx = afterId === undefined ? -1 : groupRows.findIndex((r) => r.id === afterId);
  if (idx < 0) return keyBetween(groupRows[groupRows.length - 1]?.order ?? '', '');
  const here = groupRows[idx]!.order;
  // rows may share a key after concurrent inserts: skip to the next distinct one
  const next = groupRows.slice(idx + 1).find((r) => r.order !== here)?.order ?? '';
  return keyBetween(here, next);
}

export class TableDoc {
  readonly doc: Y.Doc;
  readonly header: Y.Map<string>;
  readonly goal: Y.Text;
  readonly indicatorMap: Y.Map<Y.Map<unknown>>;

  constructor(doc: Y.Doc = new Y.Doc()) {
    this.doc = doc;
    this.header = doc.getMap('header');
    this.goal = doc.getText('goal');
    this.indicatorMap = doc.getMap('indicators');
  }

  getHeader(field: HeaderField | MoneyField): string {
    return this.header.get(field) ?? '';
  }

  setHeader(field: HeaderField | MoneyField, value: string): void {
    if (this.header.get(field) !== value) this.header.set(field, value);
  }

  get moneyUnit(): MoneyUnit {
    return this.header.get('moneyUnit') === '元' ? '元' : '万元';
  }

  set moneyUnit(unit: MoneyUnit) {
    this.header.set('moneyUnit', unit);
  }

  /** The Y.Map of one row, or undefined once deleted. */
  row(id: string): Y.Map<unknown> | undefined {
    return this.indicatorMap.get(id);
  }

  /** The Y.Text of one text field of a row, created on first use. */
  rowText(id: string, field: IndicatorTextField): Y.Text | undefined {
    const row = this.row(id);
    if (!row) return undefined;
    const existing = row.get(field);
    if (existing instanceof Y.Text) return existing;
    const text = new Y.Text();
    row.set(field, text);
    return text;
  }

  /** All rows, in display order: by 二级 skeleton order within 一级, then by order key. */
  indicators(): IndicatorRow[] {
    const rows: IndicatorRow[] = [];
    this.indicatorMap.forEach((row, id) => {
      const out: IndicatorRow = {
        id,
        level1: String(row.get('level1') ?? ''),
        level2: String(row.get('level2') ?? ''),
        order: String(row.get('order') ?? ''),
        name: '',
        value: '',
      };
      for (const f of INDICATOR_TEXT_FIELDS) {
        const t = row.get(f);
        const v = t instanceof Y.Text ? t.toString() : '';
        // the optional (self-evaluation) fields appear only once filled in
        if (v || f === 'name' || f === 'value') out[f] = v;
      }
      rows.push(out);
    });
    return rows.sort(compareRows);
  }

  /** Rows of one 二级 group in order. */
  group(level1: string, level2: string): IndicatorRow[] {
    return this.indicators().filter((r) => r.level1 === level1 && r.level2 === level2);
  }

  /** Insert a row after `afterId` (or at the end of its group when omitted / not in it). */
  addIndicator(input: IndicatorInput, afterId?: string, id = newIndicatorId()): string {
    const order = keyInGroup(this.group(input.level1, input.level2), afterId || undefined);
    this.indicatorMap.set(id, newRow(input.level1, input.level2, order, input));
    return id;
  }

  deleteIndicator(id: string): void {
    this.indicatorMap.delete(id);
  }

  /**
   * Move a row to sit just after `afterId` ('' = first of the group), optionally into another
   * group. An `afterId` outside the target group puts the row at the end of that group.
   */
  moveIndicator(id: string, afterId: string, group?: { level1: string; level2: string }): void {
    const row = this.row(id);
    if (!row || afterId === id) return;
    const level1 = group?.level1 ?? String(row.get('level1') ?? '');
    const level2 = group?.level2 ?? String(row.get('level2') ?? '');
    const order = keyInGroup(
      this.group(level1, level2).filter((r) => r.id !== id),
      afterId,
    );
    this.doc.transact(() => {
      row.set('order', order);
      if (group) {
        row.set('level1', group.level1);
        row.set('level2', group.level2);
      }
    });
  }

  setIndicatorText(id: string, field: IndicatorTextField, value: string): void {
    const text = this.rowText(id, field);
    if (!text || text.toString() === value) return;
    this.doc.transact(() => {
      text.delete(0, text.length);
      text.insert(0, value);
    });
  }

  /** Fill an empty document from plain data (import, new table). Keeps the given order within each group. */
  load(data: TableJSON): void {
    const keys = initialKeys(data.indicators.length);
    this.doc.transact(() => {
      for (const [k, v] of Object.entries(data.header)) if (v !== undefined) this.header.set(k, v);
      if (data.goal) this.goal.insert(this.goal.length, data.goal);
      data.indicators.forEach((ind, i) => {
        this.indicatorMap.set(ind.id ?? newIndicatorId(), newRow(ind.level1, ind.level2, keys[i]!, ind));
      });
    });
  }

  toJSON(): TableJSON {
    const header: TableJSON['header'] = {};
    this.header.forEach((v, k) => {
      (header as Record<string, string>)[k] = v;
    });
    return {
      header,
      goal: this.goal.toString(),
      indicators: this.indicators().map(({ order: _order, ...rest }) => rest),
    };
  }
}

/** A new target table: the standard skeleton with one empty 三级 row per 二级. */
export function skeletonTable(header: TableJSON['header']): TableJSON {
  return {
    header: { moneyUnit: '万元', ...header },
    goal: '',
    indicators: SKELETON.flatMap((g) =>
      g.level2.map((level2) => ({ level1: g.level1, level2, name: '', value: '' })),
    ),
  };
}

/** Sort key for a 二级 name: skeleton position, unknown names last. */
export function level2Rank(level2: string): number {
  const i = LEVEL2_ORDER.indexOf(level2);
  return i < 0 ? LEVEL2_ORDER.length : i;
}
