/**
 * The indicator tree as an editable grid in the official layout: 一级 and 二级 as merged cells,
 * one line per 三级 indicator. Tab / Shift+Tab walk the cells in reading order, Enter and the
 * arrow keys move like a spreadsheet, Alt+↑/↓ move the row within its 二级 group; a row can be
 * moved to another group by its menu or by dragging its handle. The cell each colleague is
 * editing carries their colored outline. Read-only users see plain, wrapping text.
 */
import { type IndicatorRow, type IndicatorTextField, SKELETON, type TableDoc } from '@jixiao/table';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Marker } from '../lib/findings';
import type { Focus, Peer } from '../lib/use-collab';
import { IndicatorRowActions } from './IndicatorRowActions';
import { type FocusedRow, useDeletedRowNotice } from './use-deleted-row-notice';
import { YTextField } from './YTextField';

interface Group {
  level1: string;
  level2: string;
  rows: IndicatorRow[];
}

/** Standard groups first (even when empty), then whatever else the table holds, as found. */
export function groupRows(rows: IndicatorRow[]): Array<{ level1: string; groups: Group[] }> {
  const sections = new Map<string, Map<string, Group>>();
  const group = (level1: string, level2: string) => {
    const section = sections.get(level1) ?? new Map<string, Group>();
    sections.set(level1, section);
    const g = section.get(level2) ?? { level1, level2, rows: [] };
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
  table: TableDoc;
  readOnly: boolean;
  /** peers to show; empty while we are not connected (their positions would be stale) */
  peers: Peer[];
  /** rule findings by cell key (see lib/findings) */
  markers: Map<string, Marker>;
  /** our presence, to say who deleted a row and to learn who deleted ours */
  awareness?: Awareness;
  onFocus(focus: Focus | null): void;
}

/** Textareas grow with their text: CSS field-sizing where supported, measured otherwise. */
function autosize(root: HTMLElement | null) {
  if (!root || (typeof CSS !== 'undefined' && CSS.supports('field-sizing', 'content'))) return;
  for (const el of root.querySelectorAll<HTMLTextAreaElement>('.cell textarea')) {
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }
}

export function IndicatorGrid({ table, readOnly, peers, markers, awareness, onFocus }: IndicatorGridProps) {
  // re-rendered on every document change by the page; a few hundred rows sort in microseconds
  const rows = table.indicators();
  const sections = groupRows(rows);
  const navCount = rows.length;
  let navRow = 0;

  const gridRef = useRef<HTMLTableElement>(null);
  const focused = useRef<FocusedRow | null>(null);
  /** a cell to focus once rendered: a row just added (its 三级指标), or a row moved by Alt+↑/↓ */
  const [pendingFocus, setPendingFocus] = useState<{ rowId: string; field: IndicatorTextField } | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [dropHint, setDropHint] = useState<DropHint | null>(null);

  useLayoutEffect(() => autosize(gridRef.current));

  // what the focused cell holds, for the notice should a colleague delete its row
  useEffect(() => {
    const f = focused.current;
    const row = f && rows.find((r) => r.id === f.rowId);
    if (f && row) {
      f.name = row.name;
      f.level2 = row.level2;
      f.text = row[f.field as IndicatorTextField] ?? '';
    }
  });

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

  const focusCell = (r: number, c: number) => {
    const el = gridRef.current?.querySelector<HTMLElement>(`[data-nav="${r},${c}"]`);
    el?.focus();
    return Boolean(el);
  };
  const onKeyDown = (row: IndicatorRow, field: IndicatorTextField, r: number, c: number) => (e: React.KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    const el = e.currentTarget;
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      // the row keeps its cells, but moving them in the page drops the caret: put it back
      if (table.moveInGroup(row.id, e.key === 'ArrowUp' ? -1 : 1)) setPendingFocus({ rowId: row.id, field });
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
    focusCell(tr, tc);
  };

  const cell = (row: IndicatorRow, field: IndicatorTextField, r: number, c: number) => {
    const text = table.row(row.id)?.get(field);
    const peer = peers.find((p) => p.focus?.rowId === row.id && p.focus.field === field);
    const key = `row:${row.id}:${field}`;
    const marker = markers.get(key);
    const classes = marker ? `cell finding-${marker.severity}` : 'cell';
    return (
      <td key={field}>
        <div
          className={classes}
          data-finding-key={key}
          title={marker?.messages.join('\n')}
          style={peer ? ({ '--peer-color': peer.color } as React.CSSProperties) : undefined}
        >
          {readOnly ? (
            <div className="cell-text" data-testid={`cell-${field}`}>
              {row[field] ?? ''}
            </div>
          ) : text instanceof Y.Text ? (
            <YTextField
              text={text}
              readOnly={false}
              multiline
              rows={1}
              ariaLabel={`${row.level2} ${COLUMN_LABEL[field]}`}
              placeholder={field === 'name' ? '填写三级指标' : '如 ≥90%'}
              testId={`cell-${field}`}
              nav={`${r},${c}`}
              onFocus={() => {
                focused.current = {
                  rowId: row.id,
                  field,
                  fieldLabel: COLUMN_LABEL[field]!,
                  level2: row.level2,
                  name: row.name,
                  text: row[field] ?? '',
                };
                onFocus({ rowId: row.id, field });
              }}
              onBlur={() => {
                // a blur caused by the row's deletion keeps the record for the notice
                if (table.row(row.id)) focused.current = null;
                onFocus(null);
              }}
              onKeyDown={onKeyDown(row, field, r, c)}
            />
          ) : (
            <div className="cell-text" />
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
  };

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
    if (readOnly || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
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
    if (!id || !hint || hint.rowId === id) return;
    e.preventDefault();
    const position = hint.pos === 'last' || !hint.rowId ? 'last' : hint.pos === 'before' ? { before: hint.rowId } : { after: hint.rowId };
    table.moveToGroup(id, hint.level1, hint.level2, position);
  };
  const onDragStart = (id: string, e: React.DragEvent) => {
    e.dataTransfer.setData(DRAG_TYPE, id);
    e.dataTransfer.setData('text/plain', rows.find((r) => r.id === id)?.name ?? '');
    e.dataTransfer.effectAllowed = 'move';
    const tr = (e.currentTarget as HTMLElement).closest('tr');
    if (tr) e.dataTransfer.setDragImage(tr, 16, 16);
    setDragging(id);
  };
  const onDragEnd = () => {
    setDragging(null);
    setDropHint(null);
  };

  const groupRefs = sections.map((s) => ({ level1: s.level1, groups: s.groups.map(({ level1, level2 }) => ({ level1, level2 })) }));
  const rowClass = (row: IndicatorRow | null, group: Group) => {
    const h = dropHint;
    const classes: string[] = [];
    if (row && row.id === dragging) classes.push('dragging');
    if (h && h.level1 === group.level1 && h.level2 === group.level2) {
      if (row && h.rowId === row.id) classes.push(`drop-${h.pos}`);
      if (h.pos === 'last' && (!row || row === group.rows[group.rows.length - 1])) classes.push('drop-after');
    }
    return classes.join(' ') || undefined;
  };

  return (
    <table
      ref={gridRef}
      className={readOnly ? 'grid grid-readonly' : 'grid'}
      data-testid="indicator-grid"
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
      </colgroup>
      <thead>
        <tr>
          <th>一级指标</th>
          <th>二级指标</th>
          <th>三级指标</th>
          <th>指标值</th>
          {!readOnly && <th>操作</th>}
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
              const r = row ? navRow++ : -1;
              return (
                <tr
                  key={row?.id ?? `${group.level1}-${group.level2}`}
                  data-level1={group.level1}
                  data-level2={group.level2}
                  data-row-id={row?.id}
                  className={rowClass(row, group)}
                >
                  {gi === 0 && ri === 0 && (
                    <td className="label" rowSpan={span}>
                      {section.level1}
                    </td>
                  )}
                  {ri === 0 && (
                    <GroupLabel
                      group={group}
                      rowSpan={lines.length}
                      marker={markers.get(`group:${group.level1}/${group.level2}`)}
                      dropping={dropHint?.pos === 'last' && dropHint.level1 === group.level1 && dropHint.level2 === group.level2}
                    />
                  )}
                  {row ? (
                    COLUMNS.map((f, c) => cell(row, f, r, c))
                  ) : (
                    <td colSpan={2} className="label empty-group">
                      尚无指标
                    </td>
                  )}
                  {!readOnly && (
                    <IndicatorRowActions
                      table={table}
                      group={group}
                      row={row}
                      index={ri}
                      count={group.rows.length}
                      sections={groupRefs}
                      peers={peers}
                      awareness={awareness}
                      onAdded={(rowId) => setPendingFocus({ rowId, field: 'name' })}
                      onDragStart={onDragStart}
                      onDragEnd={onDragEnd}
                    />
                  )}
                </tr>
              );
            });
          });
        })}
      </tbody>
    </table>
  );
}

function GroupLabel({ group, rowSpan, marker, dropping }: { group: Group; rowSpan: number; marker?: Marker; dropping: boolean }) {
  return (
    <td
      className={dropping ? 'label group-label drop-into' : 'label group-label'}
      rowSpan={rowSpan}
      data-drop-level1={group.level1}
      data-drop-level2={group.level2}
      data-testid="group-label"
    >
      <div
        className={marker ? `cell finding-${marker.severity}` : 'cell'}
        data-finding-key={`group:${group.level1}/${group.level2}`}
        title={marker?.messages.join('\n')}
      >
        {group.level2}
      </div>
    </td>
  );
}
