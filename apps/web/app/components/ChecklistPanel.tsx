/** 校验清单: every rule finding with counts by severity; a click jumps to the cell. */
import type { Finding, TableJSON } from '@jixiao/table';
import { Badge, Space, Tag } from 'antd';
import { memo, useState } from 'react';
import { findingKey, jumpTo, type Severity } from '../lib/findings';
import { Panel } from './Panel';

const LABEL: Record<Severity, { text: string; color: string }> = {
  error: { text: '错误', color: 'red' },
  warning: { text: '警告', color: 'orange' },
  info: { text: '提示', color: 'blue' },
};

type Filter = 'all' | Severity;

/** Findings have no id: each gets a key from its rule, cell and message (numbered if repeated). */
function keyed(findings: Finding[], table: TableJSON): Array<{ f: Finding; key: string }> {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = `${f.rule}|${findingKey(f, table)}|${f.message}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { f, key: n ? `${base}#${n}` : base };
  });
}

export const ChecklistPanel = memo(function ChecklistPanel({ findings, table }: { findings: Finding[]; table: TableJSON }) {
  const [filter, setFilter] = useState<Filter>('all');
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const shown = filter === 'all' ? findings : findings.filter((f) => f.severity === filter);
  const options: Array<{ value: Filter; label: string }> = [
    { value: 'all', label: `全部 ${findings.length}` },
    { value: 'error', label: `错误 ${count('error')}` },
    { value: 'warning', label: `警告 ${count('warning')}` },
    { value: 'info', label: `提示 ${count('info')}` },
  ];
  return (
    <Panel
      testId="checklist"
      title={
        <Space>
          校验清单
          <Badge count={count('error')} color="red" showZero data-testid="count-error" />
          <Badge count={count('warning')} color="orange" showZero data-testid="count-warning" />
          <Badge count={count('info')} color="blue" showZero />
        </Space>
      }
    >
      <div className="filter">
        {options.map((o) => (
          <button
            key={o.value}
            type="button"
            aria-pressed={filter === o.value}
            className={filter === o.value ? 'filter-option selected' : 'filter-option'}
            onClick={() => setFilter(o.value)}
          >
            {o.label}
          </button>
        ))}
      </div>
      {shown.length === 0 ? (
        <div className="findings-empty">{findings.length ? '此类无问题' : '未发现问题'}</div>
      ) : (
        <ul className="findings">
          {keyed(shown, table).map(({ f, key }) => (
            <li key={key} className="finding-item" data-rule={f.rule}>
              <button type="button" onClick={() => jumpTo(findingKey(f, table))}>
                <Tag color={LABEL[f.severity].color}>{LABEL[f.severity].text}</Tag>
                <span>{f.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
});
