/**
 * The indicator tree as an editable grid in the official layout: 一级 and 二级 as merged cells,
 * one line per 三级 indicator. Tab / Shift+Tab walk the cells in reading order, Enter and the
 * arrow keys move like a spreadsheet, Alt+↑/↓ move the row within its 二级 group; a row can be
 * moved to another group by its menu or by dragging its handle. The cell each colleague is
 * editing carries their colored outline. Read-only users see plain, wrapping text.
 *
 * Rendering: the server renders the grid from its copy of the table (`snapshot`), and so does
 * the first client render; once the live document has synced the same rows (keyed by id) bind
 * to their Y.Texts. The grid re-renders only when the structure changes (rows added, removed,
 * moved); typing re-renders nothing: each field observes its own Y.Text.
 */
import { type IndicatorTextField, SKELETON, type TableDoc, type TableJSON } from '@jixiao/table';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Marker } from '../lib/findings';
import type { Focus, Peer } from '../lib/use-collab';
import { type GroupRef, IndicatorRowActions } from './IndicatorRowActions';
import { ReviewCell, ReviewIconSprite, type ReviewRowHandlers, type RowReview } from './review/ReviewCell';
import { RowIconSprite } from './RowIcons';
import { type FocusedRow, useDeletedRowNotice } from './use-deleted-row-notice';
import { YTextField, YTextView } from './YTextField';

/** What the grid's layout depends on: a row's place, not its text. */
export interface RowShape {
  id: string;
  level1: string;
  level2: string;
}

interface Group<R extends RowShape = RowShape> {
  level1: string;
  level2: string;
  rows: R[];
}

/** Standard groups first (even when empty), then whatever else the table holds, as found. */
export function groupRows<R extends RowShape>(rows: R[]): Array<{ level1: string; groups: Group<R>[] }> {
  const sections = new Map<string, Map<string, Group<R>>>();
  const group = (level1: string, level2: string) => {
    const section = sections.get(level1) ?? new Map<string, Group<R>>();
    sections.set(level1, section);
    const g: Group<R> = section.get(level2) ?? { level1, level2, rows: [] };
    section.set(level2, g);
    return g;
  };
  for (const s of SKELETON) for (const l2 of s.level2) group(s.level1, l2);
  for (const r of rows) group(r.level1, r.level2).rows.push(r);
  return [...sections].map(([level1, groups]) => ({ level1, groups: [...groups.values()] }));
}

const COLUMNS: IndicatorTextField[] = ['name', 'value'];
const COLUMN_LABEL: Record<string, string> = { name: '三级指标', value: '指标值' };
const DRAG_TYPE = 'application/x-jixiao-row';

/** Where a dragged row would land: before/after a row, or at the end of a group. */
interface DropHint {
  level1: string;
  level2: string;
  rowId?: string;
  pos: 'before' | 'after' | 'last';
}

export interface IndicatorGridProps {
  /** the live document once synced; null before (the grid shows `snapshot`, read-only) */
  table: TableDoc | null;
  /** the server's copy of the rows (in display order), rendered until the live document syncs */
  snapshot: TableJSON['indicators'];
  readOnly: boolean;
  /** peers to show; empty while we are not connected (their positions would be stale) */
  peers: Peer[];
  /** rule findings by cell key (see lib/findings) */
  markers: Map<string, Marker>;
  /** our presence, to say who deleted a row and to learn who deleted ours */
  awareness?: Awareness;
  onFocus(focus: Focus | null): void;
  /** the review marks of each row by id (threads, sign-off, last change); with `reviewHandlers`, a 审阅 column */
  review?: Map<string, RowReview>;
  reviewHandlers?: ReviewRowHandlers;
}

/** Textareas grow with their text: CSS field-sizing where supported, measured otherwise. */
function autosize(root: HTMLElement | null) {
  if (!root || (typeof CSS !== 'undefined' && CSS.supports('field-sizing', 'content'))) return;
  for (const el of root.querySelectorAll<HTMLTextAreaElement>('.cell textarea')) {
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }
}

const NO_PEERS: Peer[] = [];

function shapesOf(table: TableDoc): RowShape[] {
  return table.indicators().map(({ id, level1, level2 }) => ({ id, level1, level2 }));
}

function sameShapes(a: RowShape[] | null, b: RowShape[]): boolean {
  return !!a && a.length === b.length && a.every((r, i) => r.id === b[i]!.id && r.level1 === b[i]!.level1 && r.level2 === b[i]!.level2);
}

/**
 * The rows' places: from the snapshot until synced, then from the live document, read again
 * only when a row is added, removed or moved (a change to a row map or the map of rows), never
 * on typing (a change to a Y.Text).
 */
function useRowShapes(table: TableDoc | null, snapshot: TableJSON['indicators']): RowShape[] {
  const fromSnapshot = useMemo(
    () => snapshot.map((r, i) => ({ id: r.id ?? `snapshot-${i}`, level1: r.level1, level2: r.level2 })),
    [snapshot],
  );
  const [live, setLive] = useState<RowShape[] | null>(null);
  useEffect(() => {
    if (!table) {
      setLive(null);
      return;
    }
    const read = () => {
      const next = shapesOf(table);
      setLive((prev) => (sameShapes(prev, next) ? prev : next));
    };
    read();
    const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      if (events.some((e) => !(e.target instanceof Y.Text))) read();
    };
    table.indicatorMap.observeDeep(observer);
    return () => table.indicatorMap.unobserveDeep(observer);
  }, [table]);
  return live ?? fromSnapshot;
}

const textOf = (row: Y.Map<unknown> | undefined, field: string): string => {
  const t = row?.get(field);
  return t instanceof Y.Text ? t.toString() : '';
};

/** Stable handlers shared by every line; they read the grid's latest state through a ref. */
interface GridActions {
  keyDown(rowId: string, field: IndicatorTextField, r: number, c: number, e: React.KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>): void;
  cellFocus(rowId: string, field: IndicatorTextField, level2: string): void;
  cellBlur(rowId: string): void;
  added(rowId: string): void;
  dragStart(id: string, e: React.DragEvent): void;
  dragEnd(): void;
}

export const IndicatorGrid = memo(function IndicatorGrid({ table, snapshot, readOnly, peers, markers, awareness, onFocus, review, reviewHandlers }: IndicatorGridProps) {
  const shapes = useRowShapes(table, snapshot);
  const sections = useMemo(() => groupRows(shapes), [shapes]);
  const navCount = shapes.length;
  /** the snapshot's texts by row id, shown until the live document has synced */
  const snapshotTexts = useMemo(() => new Map(snapshot.map((r) => [r.id ?? '', { name: r.name, value: r.value }])), [snapshot]);

  const gridRef = useRef<HTMLTableElement>(null);
  const focused = useRef<FocusedRow | null>(null);
  /** a cell to focus once rendered: a row just added (its 三级指标), or a row moved by Alt+↑/↓ */
  const [pendingFocus, setPendingFocus] = useState<{ rowId: string; field: IndicatorTextField } | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [dropHint, setDropHint] = useState<DropHint | null>(null);

  useLayoutEffect(() => autosize(gridRef.current));

  // what the focused cell holds, kept current for the notice should a colleague delete its row
  useEffect(() => {
    if (!table) return;
    const refresh = () => {
      const f = focused.current;
      const row = f && table.row(f.rowId);
      if (!f || !row) return;
      f.name = textOf(row, 'name');
      f.text = textOf(row, f.field);
      const level2 = row.get('level2');
      if (typeof level2 === 'string') f.level2 = level2;
    };
    table.indicatorMap.observeDeep(refresh);
    return () => table.indicatorMap.unobserveDeep(refresh);
  }, [table]);

  useEffect(() => {
    if (!pendingFocus) return;
    const { rowId, field } = pendingFocus;
    const el = gridRef.current?.querySelector<HTMLElement>(`tr[data-row-id="${CSS.escape(rowId)}"] [data-testid="cell-${field}"]`);
    if (el) {
      if (document.activeElement !== el) el.focus();
      setPendingFocus(null);
    }
  });

  const onGone = useCallback(() => onFocus(null), [onFocus]);
  useDeletedRowNotice(table, awareness, focused, onGone);

  const latest = useRef({ table, navCount, onFocus, dragging });
  latest.current = { table, navCount, onFocus, dragging };
  const actions = useMemo<GridActions>(
    () => ({
      keyDown(rowId, field, r, c, e) {
        const { table, navCount } = latest.current;
        if (e.nativeEvent.isComposing || !table) return;
        const el = e.currentTarget;
        if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
          e.preventDefault();
          // the row keeps its cells, but moving them in the page drops the caret: put it back
          if (table.moveInGroup(rowId, e.key === 'ArrowUp' ? -1 : 1)) setPendingFocus({ rowId, field });
          return;
        }
        const atStart = el.selectionStart === 0 && el.selectionEnd === 0;
        const atEnd = el.selectionStart === el.value.length && el.selectionEnd === el.value.length;
        // a wrapped (several lines) cell keeps ↑/↓ for its own lines until the caret reaches an end
        const wrapped = el.scrollHeight > el.clientHeight + 2 || el.clientHeight > 40;
        const last = COLUMNS.length - 1;
        const move: Record<string, [number, number] | null> = {
          Enter: e.shiftKey ? [r - 1, c] : [r + 1, c],
          ArrowDown: !wrapped || atEnd ? [r + 1, c] : null,
          ArrowUp: !wrapped || atStart ? [r - 1, c] : null,
          ArrowLeft: atStart ? [r, c - 1] : null,
          ArrowRight: atEnd ? [r, c + 1] : null,
          Tab: e.shiftKey ? (c > 0 ? [r, c - 1] : [r - 1, last]) : c < last ? [r, c + 1] : [r + 1, 0],
        };
        const target = move[e.key];
        if (!target) return;
        if (e.key === 'Enter') e.preventDefault(); // never a newline: Enter moves, like a spreadsheet
        const [tr, tc] = target;
        if (tr < 0 || tr >= navCount || tc < 0 || tc > last) return; // Tab leaves the grid at its ends
        e.preventDefault();
        gridRef.current?.querySelector<HTMLElement>(`[data-nav="${tr},${tc}"]`)?.focus();
      },
      cellFocus(rowId, field, level2) {
        const row = latest.current.table?.row(rowId);
        focused.current = {
          rowId,
          field,
          fieldLabel: COLUMN_LABEL[field]!,
          level2,
          name: textOf(row, 'name'),
          text: textOf(row, field),
        };
        latest.current.onFocus({ rowId, field });
      },
      cellBlur(rowId) {
        // a blur caused by the row's deletion keeps the record for the notice
        if (latest.current.table?.row(rowId)) focused.current = null;
        latest.current.onFocus(null);
      },
      added(rowId) {
        setPendingFocus({ rowId, field: 'name' });
      },
      dragStart(id, e) {
        e.dataTransfer.setData(DRAG_TYPE, id);
        e.dataTransfer.setData('text/plain', textOf(latest.current.table?.row(id), 'name'));
        e.dataTransfer.effectAllowed = 'move';
        const tr = (e.currentTarget as HTMLElement).closest('tr');
        if (tr) e.dataTransfer.setDragImage(tr, 16, 16);
        setDragging(id);
      },
      dragEnd() {
        setDragging(null);
        setDropHint(null);
      },
    }),
    [],
  );

  // drag and drop of a row's handle: onto a row (before/after it, by the pointer's half) or a group label (its end)
  const hintAt = (e: React.DragEvent): DropHint | null => {
    const target = e.target as HTMLElement;
    const label = target.closest<HTMLElement>('[data-drop-level2]');
    if (label) return { level1: label.dataset.dropLevel1 ?? '', level2: label.dataset.dropLevel2 ?? '', pos: 'last' };
    const tr = target.closest<HTMLElement>('tr[data-level2]');
    if (!tr) return null;
    const level1 = tr.dataset.level1 ?? '';
    const level2 = tr.dataset.level2 ?? '';
    const rowId = tr.dataset.rowId;
    if (!rowId) return { level1, level2, pos: 'last' };
    const box = tr.getBoundingClientRect();
    return { level1, level2, rowId, pos: e.clientY < box.top + box.height / 2 ? 'before' : 'after' };
  };
  const onDragOver = (e: React.DragEvent) => {
    if (readOnly || !table || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
    const hint = hintAt(e);
    if (!hint || (dragging && hint.rowId === dragging)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    if (hint.level2 !== dropHint?.level2 || hint.level1 !== dropHint.level1 || hint.rowId !== dropHint.rowId || hint.pos !== dropHint.pos) {
      setDropHint(hint);
    }
  };
  const onDrop = (e: React.DragEvent) => {
    const id = e.dataTransfer.getData(DRAG_TYPE) || dragging;
    const hint = hintAt(e);
    setDragging(null);
    setDropHint(null);
    if (!table || !id || !hint || hint.rowId === id) return;
    e.preventDefault();
    const position = hint.pos === 'last' || !hint.rowId ? 'last' : hint.pos === 'before' ? { before: hint.rowId } : { after: hint.rowId };
    table.moveToGroup(id, hint.level1, hint.level2, position);
  };

  const groupRefs = useMemo(
    () => sections.map((s) => ({ level1: s.level1, groups: s.groups.map(({ level1, level2 }) => ({ level1, level2 })) })),
    [sections],
  );
  const peersByRow = useMemo(() => {
    const out = new Map<string, Peer[]>();
    for (const p of peers) {
      if (!p.focus) continue;
      const list = out.get(p.focus.rowId) ?? [];
      list.push(p);
      out.set(p.focus.rowId, list);
    }
    return out;
  }, [peers]);
  const rowClass = (rowId: string | null, group: Group, last: boolean) => {
    const h = dropHint;
    const classes: string[] = [];
    if (rowId && rowId === dragging) classes.push('dragging');
    if (h && h.level1 === group.level1 && h.level2 === group.level2) {
      if (rowId && h.rowId === rowId) classes.push(`drop-${h.pos}`);
      if (h.pos === 'last' && (!rowId || last)) classes.push('drop-after');
    }
    return classes.join(' ') || undefined;
  };

  let navRow = 0;
  return (
    <>
      {!readOnly && <RowIconSprite />}
      {reviewHandlers && <ReviewIconSprite />}
      <table
      ref={gridRef}
      className={readOnly ? 'grid grid-readonly' : 'grid'}
      data-testid="indicator-grid"
      data-live={table ? 'true' : 'false'}
      onDragEnter={onDragOver}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropHint(null);
      }}
    >
      <colgroup>
        <col style={{ width: 92 }} />
        <col style={{ width: 148 }} />
        <col />
        <col style={{ width: 200 }} />
        {!readOnly && <col style={{ width: 176 }} />}
        {reviewHandlers && <col style={{ width: 120 }} />}
      </colgroup>
      <thead>
        <tr>
          <th>一级指标</th>
          <th>二级指标</th>
          <th>三级指标</th>
          <th>指标值</th>
          {!readOnly && <th>操作</th>}
          {reviewHandlers && <th>审阅</th>}
        </tr>
      </thead>
      <tbody>
        {/* one flat list of keyed rows: a row moved to another group keeps its DOM (and a
            colleague's caret in it) instead of being unmounted from one group's list and
            mounted in another's */}
        {sections.flatMap((section) => {
          const span = section.groups.reduce((n, g) => n + Math.max(1, g.rows.length), 0);
          return section.groups.flatMap((group, gi) => {
            const lines = group.rows.length ? group.rows : [null];
            return lines.map((row, ri) => {
              const rowId = row?.id ?? null;
              const texts = rowId ? snapshotTexts.get(rowId) : undefined;
              return (
                <IndicatorLine
                  key={rowId ?? `${group.level1}-${group.level2}`}
                  table={table}
                  rowId={rowId}
                  level1={group.level1}
                  level2={group.level2}
                  initialName={texts?.name ?? ''}
                  initialValue={texts?.value ?? ''}
                  nav={row ? navRow++ : -1}
                  index={ri}
                  count={group.rows.length}
                  level1Span={gi === 0 && ri === 0 ? span : 0}
                  groupSpan={ri === 0 ? lines.length : 0}
                  groupMarker={ri === 0 ? markers.get(`group:${group.level1}/${group.level2}`) : undefined}
                  dropping={ri === 0 && dropHint?.pos === 'last' && dropHint.level1 === group.level1 && dropHint.level2 === group.level2}
                  nameMarker={rowId ? markers.get(`row:${rowId}:name`) : undefined}
                  valueMarker={rowId ? markers.get(`row:${rowId}:value`) : undefined}
                  className={rowClass(rowId, group, ri === lines.length - 1)}
                  readOnly={readOnly}
                  peers={(rowId && peersByRow.get(rowId)) || NO_PEERS}
                  sections={groupRefs}
                  awareness={awareness}
                  actions={actions}
                  review={rowId ? review?.get(rowId) : undefined}
                  reviewHandlers={reviewHandlers}
                />
              );
            });
          });
        })}
      </tbody>
      </table>
    </>
  );
});

interface LineProps {
  table: TableDoc | null;
  /** null: the placeholder line of an empty group */
  rowId: string | null;
  level1: string;
  level2: string;
  /** the snapshot's texts, shown until the live document has synced */
  initialName: string;
  initialValue: string;
  /** the row's index for keyboard navigation */
  nav: number;
  /** position of the row in its group, and the group's size */
  index: number;
  count: number;
  /** > 0: this line carries the merged 一级 cell, spanning that many lines */
  level1Span: number;
  /** > 0: this line carries the merged 二级 cell */
  groupSpan: number;
  groupMarker?: Marker;
  dropping: boolean;
  nameMarker?: Marker;
  valueMarker?: Marker;
  className?: string;
  readOnly: boolean;
  /** colleagues in this row */
  peers: Peer[];
  sections: Array<{ level1: string; groups: GroupRef[] }>;
  awareness?: Awareness;
  actions: GridActions;
  review?: RowReview;
  reviewHandlers?: ReviewRowHandlers;
}

/** One line of the grid; memoized, so it re-renders only when its own props change. */
const IndicatorLine = memo(function IndicatorLine(props: LineProps) {
  const { table, rowId, level1, level2, readOnly, actions } = props;
  return (
    <tr data-level1={level1} data-level2={level2} data-row-id={rowId ?? undefined} className={props.className}>
      {props.level1Span > 0 && (
        <td className="label" rowSpan={props.level1Span}>
          {level1}
        </td>
      )}
      {props.groupSpan > 0 && (
        <GroupLabel level1={level1} level2={level2} rowSpan={props.groupSpan} marker={props.groupMarker} dropping={props.dropping} />
      )}
      {rowId ? (
        COLUMNS.map((field, c) => (
          <Cell
            key={field}
            table={table}
            rowId={rowId}
            field={field}
            level2={level2}
            initial={field === 'name' ? props.initialName : props.initialValue}
            nav={props.nav}
            c={c}
            marker={field === 'name' ? props.nameMarker : props.valueMarker}
            peer={props.peers.find((p) => p.focus?.field === field)}
            readOnly={readOnly}
            actions={actions}
          />
        ))
      ) : (
        <td colSpan={2} className="label empty-group">
          尚无指标
        </td>
      )}
      {!readOnly && (
        <IndicatorRowActions
          table={table}
          level1={level1}
          level2={level2}
          rowId={rowId}
          index={props.index}
          count={props.count}
          sections={props.sections}
          peers={props.peers}
          awareness={props.awareness}
          onAdded={actions.added}
          onDragStart={actions.dragStart}
          onDragEnd={actions.dragEnd}
        />
      )}
      {props.reviewHandlers && <ReviewCell rowId={rowId} review={props.review} handlers={props.reviewHandlers} />}
    </tr>
  );
});

interface CellProps {
  table: TableDoc | null;
  rowId: string;
  field: IndicatorTextField;
  level2: string;
  initial: string;
  nav: number;
  c: number;
  marker?: Marker;
  peer?: Peer;
  readOnly: boolean;
  actions: GridActions;
}

function Cell({ table, rowId, field, level2, initial, nav, c, marker, peer, readOnly, actions }: CellProps) {
  const live = table?.row(rowId)?.get(field);
  const text = live instanceof Y.Text ? live : null;
  const key = `row:${rowId}:${field}`;
  const classes = marker ? `cell finding-${marker.severity}` : 'cell';
  const onFocus = useCallback(() => actions.cellFocus(rowId, field, level2), [actions, rowId, field, level2]);
  const onBlur = useCallback(() => actions.cellBlur(rowId), [actions, rowId]);
  const onKeyDown = useCallback(
    (e: React.KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => actions.keyDown(rowId, field, nav, c, e),
    [actions, rowId, field, nav, c],
  );
  return (
    <td>
      <div
        className={classes}
        data-finding-key={key}
        title={marker?.messages.join('\n')}
        style={peer ? ({ '--peer-color': peer.color } as React.CSSProperties) : undefined}
      >
        {readOnly ? (
          <YTextView text={text} initial={initial} testId={`cell-${field}`} />
        ) : (
          <YTextField
            text={table && !text ? null : text}
            initial={initial}
            readOnly={false}
            multiline
            rows={1}
            ariaLabel={`${level2} ${COLUMN_LABEL[field]}`}
            placeholder={field === 'name' ? '填写三级指标' : '如 ≥90%'}
            testId={`cell-${field}`}
            nav={`${nav},${c}`}
            onFocus={onFocus}
            onBlur={onBlur}
            onKeyDown={onKeyDown}
          />
        )}
        {peer && (
          <>
            <div className="peer-outline" data-testid="peer-outline" />
            <span className="peer-label">{peer.name}</span>
          </>
        )}
      </div>
    </td>
  );
}

function GroupLabel({ level1, level2, rowSpan, marker, dropping }: { level1: string; level2: string; rowSpan: number; marker?: Marker; dropping: boolean }) {
  return (
    <td
      className={dropping ? 'label group-label drop-into' : 'label group-label'}
      rowSpan={rowSpan}
      data-drop-level1={level1}
      data-drop-level2={level2}
      data-testid="group-label"
    >
      <div className={marker ? `cell finding-${marker.severity}` : 'cell'} data-finding-key={`group:${level1}/${level2}`} title={marker?.messages.join('\n')}>
        {level2}
      </div>
    </td>
  );
}
