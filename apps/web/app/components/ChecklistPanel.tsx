/** 校验清单: every rule finding with counts by severity; a click jumps to the cell. */
import type { Finding, TableJSON } from '@jixiao/table';
import { Badge, Card, Empty, List, Segmented, Space, Tag } from 'antd';
import { useState } from 'react';
import { findingKey, jumpTo, type Severity } from '../lib/findings';

const LABEL: Record<Severity, { text: string; color: string }> = {
  error: { text: '错误', color: 'red' },
  warning: { text: '警告', color: 'orange' },
  info: { text: '提示', color: 'blue' },
};

export function ChecklistPanel({ findings, table }: { findings: Finding[]; table: TableJSON }) {
  const [filter, setFilter] = useState<'all' | Severity>('all');
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const shown = filter === 'all' ? findings : findings.filter((f) => f.severity === filter);
  return (
    <Card
      size="small"
      title={
        <Space>
          校验清单
          <Badge count={count('error')} color="red" showZero data-testid="count-error" />
          <Badge count={count('warning')} color="orange" showZero data-testid="count-warning" />
          <Badge count={count('info')} color="blue" showZero />
        </Space>
      }
      data-testid="checklist"
    >
      <Segmented
        size="small"
        value={filter}
        onChange={(v) => setFilter(v as typeof filter)}
        options={[
          { value: 'all', label: `全部 ${findings.length}` },
          { value: 'error', label: `错误 ${count('error')}` },
          { value: 'warning', label: `警告 ${count('warning')}` },
          { value: 'info', label: `提示 ${count('info')}` },
        ]}
        style={{ marginBottom: 8 }}
      />
      {shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={findings.length ? '此类无问题' : '未发现问题'} />
      ) : (
        <List
          size="small"
          dataSource={shown}
          style={{ maxHeight: 480, overflow: 'auto' }}
          renderItem={(f) => (
            <List.Item
              className="finding-item"
              data-rule={f.rule}
              onClick={() => jumpTo(findingKey(f, table))}
              style={{ cursor: 'pointer' }}
            >
              <Space align="start">
                <Tag color={LABEL[f.severity].color}>{LABEL[f.severity].text}</Tag>
                <span>{f.message}</span>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
