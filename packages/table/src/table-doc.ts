/**
 * The Yjs schema of one performance table, with typed accessors.
 *
 *   header      Y.Map<string>   HEADER_FIELDS and MONEY_FIELDS, plus `moneyUnit`
 *   goal        Y.Text          年度总体绩效目标 (merges character by character)
 *   indicators  Y.Map<Y.Map>    id → { level1, level2, order, name: Y.Text, value: Y.Text, … }
 *
 * Rows are keyed by a stable id and ordered by a sortable key (ties broken by id), never by
 * array position, so concurrent inserts, moves and deletes converge without duplicates.
 *
 * Any client can write any shape, and documents stored before the server checked updates
 * (structure-check.ts) may hold anything: the readers here never throw; what does not fit the
 * schema is skipped and listed in `problems` (structure-problems.ts).
 */
import * as Y from 'yjs';
import type { HeaderField, MoneyField, MoneyUnit } from './fields.ts';
import { initialKeys, keyBetween } from './order-key.ts';
import { LEVEL1, LEVEL2_ORDER, SKELETON } from './skeleton.ts';
import { HEADER_KEYS, type StructureProblem, problem } from './structure-problems.ts';

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

/** Where moveToGroup puts a row in its target group. */
export type GroupPosition = 'first' | 'last' | { after: string } | { before: string };

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
  /** parts of the document that did not fit the schema and were skipped; absent when none */
  problems?: StructureProblem[];
}

/** Row keys holding plain strings; a row without them has no place in the table. */
export const ROW_STRING_FIELDS = ['level1', 'level2', 'order'] as const;

let idCounter = 0;
/** Unique across replicas: random part plus a local counter. */
export function newIndicatorId(): string {
  idCounter = (idCounter + 1) % 1_000_000;
  return `i${Math.random().toString(36).slice(2, 10)}${idCounter.toString(36)}`;
}

type SortableRow = { level1: string; level2: string; order: string; id: string };

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

/** Group first (skeleton order, unknown names last), then order key, then id for ties. */
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

/**
 * A key sorting before `bound` and after every key of `rows` below it ('' bound = none yet:
 * any key). Null when nothing sorts before `bound` (a broken, empty key).
 */
function keyBefore(rows: IndicatorRow[], bound: string): string | null {
  if (!bound) return rows.length ? null : keyBetween('', '');
  const lower = rows.filter((r) => r.order < bound).at(-1)?.order ?? '';
  return keyBetween(lower, bound);
}

/** A key sorting after `bound` and before every key of `rows` above it. */
function keyAfterIn(rows: IndicatorRow[], bound: string): string {
  const upper = rows.find((r) => r.order > bound)?.order ?? '';
  return keyBetween(bound, upper);
}

/**
 * A root type of the document. Should other code have taken the name as another kind of type,
 * Yjs throws: an empty stand-in is read instead, and the clash listed.
 */
function rootOf<T>(doc: Y.Doc, name: string, get: (d: Y.Doc) => T, problems: StructureProblem[]): T {
  try {
    return get(doc);
  } catch {
    problems.push({ path: name, message: '根节点已被用作其他类型，已跳过' });
    return get(new Y.Doc());
  }
}

/** Problems in path order: every replica lists them alike (map iteration order differs). */
function byPath(problems: StructureProblem[]): StructureProblem[] {
  return problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export class TableDoc {
  readonly doc: Y.Doc;
  /** values should be strings; read them through getHeader / toJSON */
  readonly header: Y.Map<unknown>;
  readonly goal: Y.Text;
  /** values should be row maps; read them through row / indicators */
  readonly indicatorMap: Y.Map<unknown>;
  private readonly rootProblems: StructureProblem[] = [];

  constructor(doc: Y.Doc = new Y.Doc()) {
    this.doc = doc;
    this.header = rootOf(doc, 'header', (d) => d.getMap('header'), this.rootProblems);
    this.goal = rootOf(doc, 'goal', (d) => d.getText('goal'), this.rootProblems);
    this.indicatorMap = rootOf(doc, 'indicators', (d) => d.getMap('indicators'), this.rootProblems);
  }

  getHeader(field: HeaderField | MoneyField): string {
    const v = this.header.get(field);
    return typeof v === 'string' ? v : '';
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

  /** The Y.Map of one row, or undefined once deleted (or when something else sits there). */
  row(id: string): Y.Map<unknown> | undefined {
    const row = this.indicatorMap.get(id);
    return row instanceof Y.Map ? row : undefined;
  }

  /** The Y.Text of one text field of a row, created on first use (replacing whatever else was there). */
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
    return this.readRows([]);
  }

  /** What does not fit the schema, as toJSON lists it. */
  problems(): StructureProblem[] {
    const problems = [...this.rootProblems];
    this.readHeader(problems);
    this.readRows(problems);
    return byPath(problems);
  }

  /**
   * Rows as data. Not a row map: skipped. A level or order key that is missing or not a string:
   * read as '' (the row stays visible, its text is the user's). A text field that is not a
   * Y.Text: read as ''.
   */
  private readRows(problems: StructureProblem[]): IndicatorRow[] {
    const rows: IndicatorRow[] = [];
    this.indicatorMap.forEach((row, id) => {
      const path = `indicators.${id}`;
      if (!(row instanceof Y.Map)) {
        problems.push(problem(path, '指标行', row));
        return;
      }
      const str = (key: (typeof ROW_STRING_FIELDS)[number]): string => {
        const v = row.get(key);
        if (typeof v === 'string') return v;
        problems.push(problem(`${path}.${key}`, '文本', v));
        return '';
      };
      const out: IndicatorRow = { id, level1: str('level1'), level2: str('level2'), order: str('order'), name: '', value: '' };
      for (const f of INDICATOR_TEXT_FIELDS) {
        const t = row.get(f);
        if (t !== undefined && !(t instanceof Y.Text)) problems.push(problem(`${path}.${f}`, '协作文本', t));
        const v = t instanceof Y.Text ? t.toString() : '';
        // the optional (self-evaluation) fields appear only once filled in
        if (v || f === 'name' || f === 'value') out[f] = v;
      }
      rows.push(out);
    });
    return rows.sort(compareRows);
  }

  /** Header fields of the schema holding strings; anything else skipped. */
  private readHeader(problems: StructureProblem[]): TableJSON['header'] {
    const header: TableJSON['header'] = {};
    for (const k of HEADER_KEYS) {
      const v = this.header.get(k);
      if (typeof v === 'string') header[k] = v;
      else if (v !== undefined) problems.push(problem(`header.${k}`, '文本', v));
    }
    const unit = this.header.get('moneyUnit');
    if (unit === '万元' || unit === '元') header.moneyUnit = unit;
    else if (unit !== undefined) problems.push(problem('header.moneyUnit', '“万元”或“元”', unit));
    return header;
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
    if (afterId === id) return;
    const target = group ?? this.groupOf(id);
    if (!target) return;
    this.moveToGroup(id, target.level1, target.level2, afterId === '' ? 'first' : { after: afterId });
  }

  /**
   * Move a row one place up (-1) or down (1) within its own 二级 group; never into a
   * neighbouring group. Returns false (and changes nothing) at the group's edge.
   */
  moveInGroup(id: string, dir: -1 | 1): boolean {
    const at = this.groupOf(id);
    if (!at) return false;
    const group = this.group(at.level1, at.level2);
    const i = group.findIndex((r) => r.id === id);
    const neighbour = group[i + dir];
    if (!neighbour) return false;
    const others = group.filter((r) => r.id !== id);
    const order = dir === -1 ? keyBefore(others, neighbour.order) : keyAfterIn(others, neighbour.order);
    if (order === null) return false;
    this.place(id, at.level1, at.level2, order);
    return true;
  }

  /** Whether moveInGroup(id, dir) would move the row (false at the group's edge). */
  canMoveInGroup(id: string, dir: -1 | 1): boolean {
    const at = this.groupOf(id);
    if (!at) return false;
    const group = this.group(at.level1, at.level2);
    return group[group.findIndex((r) => r.id === id) + dir] !== undefined;
  }

  /**
   * Move a row into a 二级 group (its own or another), keeping its id and its text: comments
   * and sign-offs keyed by the id follow it, and so does what a colleague types in it meanwhile.
   * `after`/`before` a row not in the target group means 'last'. The row's level1, level2 and
   * order are written together, so of two concurrent moves one wins whole on every replica.
   */
  moveToGroup(id: string, level1: string, level2: string, position: GroupPosition = 'last'): void {
    if (!this.row(id)) return;
    const others = this.group(level1, level2).filter((r) => r.id !== id);
    let order: string | null = null;
    if (position === 'first') order = keyBefore(others, others[0]?.order ?? '');
    else if (typeof position === 'object' && 'after' in position) {
      if (position.after === id) return;
      order = keyInGroup(others, position.after);
    } else if (typeof position === 'object' && 'before' in position) {
      if (position.before === id) return;
      const anchor = others.find((r) => r.id === position.before);
      if (anchor) order = keyBefore(others, anchor.order);
    }
    this.place(id, level1, level2, order ?? keyInGroup(others, undefined));
  }

  /** The 二级 group a row sits in, or undefined when there is no such row. */
  private groupOf(id: string): { level1: string; level2: string } | undefined {
    const row = this.row(id);
    if (!row) return undefined;
    const str = (key: string) => {
      const v = row.get(key);
      return typeof v === 'string' ? v : '';
    };
    return { level1: str('level1'), level2: str('level2') };
  }

  private place(id: string, level1: string, level2: string, order: string): void {
    const row = this.row(id);
    if (!row) return;
    this.doc.transact(() => {
      row.set('level1', level1);
      row.set('level2', level2);
      row.set('order', order);
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

  /** The table as plain data; `problems` lists what was skipped (absent when nothing was). */
  toJSON(): TableJSON {
    const problems = [...this.rootProblems];
    const table: TableJSON = {
      header: this.readHeader(problems),
      goal: this.goal.toString(),
      indicators: this.readRows(problems).map(({ order: _order, ...rest }) => rest),
    };
    if (problems.length) table.problems = byPath(problems);
    return table;
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
