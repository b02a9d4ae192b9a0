/** 项目基本信息: header fields and money lines, each a last-writer-wins value in the doc. */
import { HEADER_FIELDS, type HeaderField, MONEY_FIELDS, type MoneyField, type TableDoc, type TableJSON } from '@jixiao/table';
import { memo, useEffect, useState } from 'react';
import type { Marker } from '../lib/findings';
import { CommentMark } from './review/ReviewCell';

/** The comment marks of the fields (threads about a field, by field), and what a click does. */
export interface FieldComments {
  marks: Map<string, { open: number; total: number }>;
  onOpen(field: string): void;
}

const TEXT_FIELDS: HeaderField[] = ['projectName', 'department', 'implementingUnit', 'attribute', 'period', 'fundOffice'];
const MONEY: MoneyField[] = Object.keys(MONEY_FIELDS) as MoneyField[];

function HeaderInput({
  table,
  initial,
  field,
  readOnly,
  marker,
  comments,
}: { table: TableDoc | null; initial: string; field: HeaderField | MoneyField; readOnly: boolean; marker?: Marker; comments?: FieldComments }) {
  const [value, setValue] = useState(() => table?.getHeader(field) ?? initial);
  useEffect(() => {
    if (!table) return;
    const sync = () => setValue(table.getHeader(field));
    sync();
    table.header.observe(sync);
    return () => table.header.unobserve(sync);
  }, [table, field]);
  const label = (HEADER_FIELDS as Record<string, string>)[field] ?? (MONEY_FIELDS as Record<string, string>)[field];
  return (
    <div
      className={marker ? `cell finding-${marker.severity}` : 'cell'}
      data-finding-key={`header:${field}`}
      title={marker?.messages.join('\n')}
    >
      <input
        aria-label={label}
        data-testid={`header-${field}`}
        value={value}
        readOnly={readOnly || !table}
        data-pending={table ? undefined : 'true'}
        inputMode={field in MONEY_FIELDS ? 'decimal' : undefined}
        onChange={(e) => {
          if (!table) return;
          setValue(e.target.value);
          table.setHeader(field, e.target.value);
        }}
      />
      {comments && (
        <CommentMark
          open={comments.marks.get(field)?.open ?? 0}
          total={comments.marks.get(field)?.total ?? 0}
          label={label ?? ''}
          onClick={() => comments.onOpen(field)}
        />
      )}
    </div>
  );
}

export const HeaderForm = memo(function HeaderForm({
  table,
  snapshot,
  readOnly,
  markers,
  comments,
}: {
  /** null until the live document has synced: the server's copy (`snapshot`) shows, read-only */
  table: TableDoc | null;
  snapshot: TableJSON['header'];
  readOnly: boolean;
  markers: Map<string, Marker>;
  comments?: FieldComments;
}) {
  const [unit, setUnit] = useState(() => table?.moneyUnit ?? (snapshot.moneyUnit === '元' ? '元' : '万元'));
  useEffect(() => {
    if (!table) return;
    const sync = () => setUnit(table.moneyUnit);
    sync();
    table.header.observe(sync);
    return () => table.header.unobserve(sync);
  }, [table]);
  const pairs = <T extends string>(fields: T[]) =>
    Array.from({ length: Math.ceil(fields.length / 2) }, (_, i) => fields.slice(i * 2, i * 2 + 2));
  const labelOf = (f: string) => (HEADER_FIELDS as Record<string, string>)[f] ?? (MONEY_FIELDS as Record<string, string>)[f];
  return (
    <table className="header-table">
      <tbody>
        {pairs<HeaderField | MoneyField>([...TEXT_FIELDS, ...MONEY]).map((row) => (
          <tr key={row.join()}>
            {row.map((f) => [
              <th key={`${f}-l`}>
                {labelOf(f)}
                {f in MONEY_FIELDS && <span style={{ color: '#999' }}>（{unit}）</span>}
              </th>,
              <td key={`${f}-v`}>
                <HeaderInput table={table} initial={snapshot[f] ?? ''} field={f} readOnly={readOnly} marker={markers.get(`header:${f}`)} comments={comments} />
              </td>,
            ])}
            {row.length === 1 && <td colSpan={2} />}
          </tr>
        ))}
        <tr>
          <th>资金单位</th>
          <td colSpan={3} style={{ padding: 4 }}>
            <select
              className="money-unit"
              aria-label="资金单位"
              data-testid="money-unit"
              disabled={readOnly || !table}
              value={unit}
              onChange={(e) => {
                if (table) table.moneyUnit = e.target.value === '元' ? '元' : '万元';
              }}
            >
              <option value="万元">万元</option>
              <option value="元">元</option>
            </select>
          </td>
        </tr>
      </tbody>
    </table>
  );
});
