/** 项目基本信息: header fields and money lines, each a last-writer-wins value in the doc. */
import { HEADER_FIELDS, type HeaderField, MONEY_FIELDS, type MoneyField, type TableDoc } from '@jixiao/table';
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import type { Marker } from '../lib/findings';

const TEXT_FIELDS: HeaderField[] = ['projectName', 'department', 'implementingUnit', 'attribute', 'period', 'fundOffice'];
const MONEY: MoneyField[] = Object.keys(MONEY_FIELDS) as MoneyField[];

function HeaderInput({
  table,
  field,
  readOnly,
  marker,
}: { table: TableDoc; field: HeaderField | MoneyField; readOnly: boolean; marker?: Marker }) {
  const [value, setValue] = useState(() => table.getHeader(field));
  useEffect(() => {
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
        readOnly={readOnly}
        inputMode={field in MONEY_FIELDS ? 'decimal' : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          table.setHeader(field, e.target.value);
        }}
      />
    </div>
  );
}

export function HeaderForm({ table, readOnly, markers }: { table: TableDoc; readOnly: boolean; markers: Map<string, Marker> }) {
  const [unit, setUnit] = useState(table.moneyUnit);
  useEffect(() => {
    const sync = () => setUnit(table.moneyUnit);
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
                <HeaderInput table={table} field={f} readOnly={readOnly} marker={markers.get(`header:${f}`)} />
              </td>,
            ])}
            {row.length === 1 && <td colSpan={2} />}
          </tr>
        ))}
        <tr>
          <th>资金单位</th>
          <td colSpan={3} style={{ padding: 4 }}>
            <Select
              size="small"
              aria-label="资金单位"
              disabled={readOnly}
              value={unit}
              style={{ width: 120 }}
              options={[
                { value: '万元', label: '万元' },
                { value: '元', label: '元' },
              ]}
              onChange={(u) => {
                table.moneyUnit = u;
              }}
            />
          </td>
        </tr>
      </tbody>
    </table>
  );
}
