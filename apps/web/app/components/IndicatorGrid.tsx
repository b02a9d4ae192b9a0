/**
 * The indicator tree as an editable grid in the official layout: 一级 and 二级 as merged cells,
 * one line per 三级 indicator. Tab, Enter and the arrow keys move like a spreadsheet; the
 * cell each colleague is editing carries their colored outline.
 */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { type IndicatorRow, type IndicatorTextField, SKELETON, type TableDoc } from '@jixiao/table';
import { Button, Popconfirm, Tooltip } from 'antd';
import * as Y from 'yjs';
import type { Marker } from '../lib/findings';
import type { Focus, Peer } from '../lib/use-collab';
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

export interface IndicatorGridProps {
  table: TableDoc;
  readOnly: boolean;
  peers: Peer[];
  /** rule findings by cell key (see lib/findings) */
  markers: Map<string, Marker>;
  onFocus(focus: Focus | null): void;
}

export function IndicatorGrid({ table, readOnly, peers, markers, onFocus }: IndicatorGridProps) {
  // re-rendered on every document change by the page; a few hundred rows sort in microseconds
  const rows = table.indicators();
  const sections = groupRows(rows);
  let navRow = 0;

  const focusCell = (r: number, c: number) => {
    const el = document.querySelector<HTMLElement>(`[data-nav="${r},${c}"]`);
    el?.focus();
  };
  const onKeyDown = (r: number, c: number) => (e: React.KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    const el = e.currentTarget;
    const atStart = el.selectionStart === 0 && el.selectionEnd === 0;
    const atEnd = el.selectionStart === el.value.length && el.selectionEnd === el.value.length;
    const move: Record<string, [number, number] | null> = {
      Enter: e.shiftKey ? [r - 1, c] : [r + 1, c],
      ArrowDown: [r + 1, c],
      ArrowUp: [r - 1, c],
      ArrowLeft: atStart ? [r, c - 1] : null,
      ArrowRight: atEnd ? [r, c + 1] : null,
    };
    const target = move[e.key];
    if (!target) return;
    e.preventDefault();
    focusCell(target[0], target[1]);
  };

  const move = (row: IndicatorRow, group: Group, dir: -1 | 1) => {
    const i = group.rows.indexOf(row);
    if (dir === 1) {
      const next = group.rows[i + 1];
      if (next) table.moveIndicator(row.id, next.id);
      return;
    }
    const prev = group.rows[i - 1];
    if (!prev) return;
    const globalIdx = rows.findIndex((r) => r.id === prev.id);
    table.moveIndicator(row.id, globalIdx > 0 ? rows[globalIdx - 1]!.id : '');
  };

  const peerAt = (rowId: string, field: string) => peers.find((p) => p.focus?.rowId === rowId && p.focus.field === field);

  const cell = (row: IndicatorRow, field: IndicatorTextField, r: number, c: number) => {
    const text = table.row(row.id)?.get(field);
    const peer = peerAt(row.id, field);
    const key = `row:${row.id}:${field}`;
    const marker = markers.get(key);
    return (
      <td key={field}>
        <div
          className={marker ? `cell finding-${marker.severity}` : 'cell'}
          data-finding-key={key}
          title={marker?.messages.join('\n')}
          style={peer ? ({ '--peer-color': peer.color } as React.CSSProperties) : undefined}
        >
          {text instanceof Y.Text ? (
            <YTextField
              text={text}
              readOnly={readOnly}
              multiline={field === 'name'}
              rows={1}
              ariaLabel={`${row.level2} ${COLUMN_LABEL[field]}`}
              placeholder={field === 'name' ? '填写三级指标' : '如 ≥90%'}
              testId={`cell-${field}`}
              nav={`${r},${c}`}
              onFocus={() => onFocus({ rowId: row.id, field })}
              onBlur={() => onFocus(null)}
              onKeyDown={onKeyDown(r, c)}
            />
          ) : (
            <input readOnly value="" aria-label={COLUMN_LABEL[field]} />
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

  const actions = (row: IndicatorRow | null, group: Group) =>
    readOnly ? null : (
      <td className="actions">
        <Tooltip title="在下方添加指标">
          <Button
            size="small"
            type="text"
            icon={<PlusOutlined />}
            aria-label={`在${group.level2}添加指标`}
            data-testid="add-row"
            onClick={() => table.addIndicator({ level1: group.level1, level2: group.level2 }, row?.id)}
          />
        </Tooltip>
        {row && (
          <>
            <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label="上移" onClick={() => move(row, group, -1)} />
            <Button size="small" type="text" icon={<ArrowDownOutlined />} aria-label="下移" onClick={() => move(row, group, 1)} />
            <Popconfirm title="删除此指标？" okText="删除" cancelText="取消" onConfirm={() => table.deleteIndicator(row.id)}>
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label="删除" data-testid="delete-row" />
            </Popconfirm>
          </>
        )}
      </td>
    );

  return (
    <table className="grid" data-testid="indicator-grid">
      <colgroup>
        <col style={{ width: 110 }} />
        <col style={{ width: 150 }} />
        <col />
        <col style={{ width: 220 }} />
        {!readOnly && <col style={{ width: 132 }} />}
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
        {sections.map((section) => {
          const span = section.groups.reduce((n, g) => n + Math.max(1, g.rows.length), 0);
          return section.groups.map((group, gi) => {
            const lines = group.rows.length ? group.rows : [null];
            return lines.map((row, ri) => {
              const r = row ? navRow++ : -1;
              return (
                <tr key={row?.id ?? `${group.level1}-${group.level2}`} data-level2={group.level2} data-row-id={row?.id}>
                  {gi === 0 && ri === 0 && (
                    <td className="label" rowSpan={span}>
                      {section.level1}
                    </td>
                  )}
                  {ri === 0 && (
                    <GroupLabel group={group} rowSpan={lines.length} marker={markers.get(`group:${group.level1}/${group.level2}`)} />
                  )}
                  {row ? (
                    COLUMNS.map((f, c) => cell(row, f, r, c))
                  ) : (
                    <td colSpan={2} className="label" style={{ color: '#aaa' }}>
                      尚无指标
                    </td>
                  )}
                  {actions(row, group)}
                </tr>
              );
            });
          });
        })}
      </tbody>
    </table>
  );
}

function GroupLabel({ group, rowSpan, marker }: { group: Group; rowSpan: number; marker?: Marker }) {
  return (
    <td className="label" rowSpan={rowSpan}>
      <div
        className={marker ? `cell finding-${marker.severity}` : 'cell'}
        data-finding-key={`group:${group.level1}/${group.level2}`}
        title={marker?.messages.join('\n')}
        style={{ padding: '6px 0' }}
      >
        {group.level2}
      </div>
    </td>
  );
}
