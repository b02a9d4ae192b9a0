/**
 * "新建绩效目标表": posts to the list's action through a fetcher; success redirects to the new
 * table, a refusal (the same name already used for that unit and year, an invalid name) shows
 * its Chinese message above the fields, which keep their values so the user can correct them.
 */
import { useFetcher } from '@remix-run/react';
import { Alert, Button, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { action } from '../routes/_index.server';

export function NewProjectModal({
  open,
  onClose,
  units,
  defaultYear,
}: {
  open: boolean;
  onClose: () => void;
  units: { value: string; label: string }[];
  defaultYear: number;
}) {
  const fetcher = useFetcher<typeof action>();
  const [unitId, setUnitId] = useState(units[0]?.value ?? '');
  const [name, setName] = useState('');
  const [year, setYear] = useState(defaultYear);
  const [error, setError] = useState<string | null>(null);
  const busy = fetcher.state !== 'idle';

  // each answer shows once; editing a field or reopening the dialog clears it
  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data && !fetcher.data.ok) setError(fetcher.data.error ?? null);
  }, [fetcher.state, fetcher.data]);
  useEffect(() => {
    if (open) setError(null);
  }, [open]);

  return (
    <Modal title="新建绩效目标表" open={open} onCancel={onClose} footer={null} destroyOnHidden>
      <fetcher.Form method="post" action="/?index" data-testid="new-project-form">
        <input type="hidden" name="intent" value="create" />
        <Space direction="vertical" style={{ width: '100%' }}>
          {error && <Alert type="error" showIcon message="未能创建" description={error} data-testid="new-project-error" />}
          <label htmlFor="new-unit">实施单位</label>
          <Select
            id="new-unit"
            style={{ width: '100%' }}
            options={units}
            value={unitId}
            onChange={(v) => {
              setUnitId(v);
              setError(null);
            }}
          />
          <input type="hidden" name="unitId" value={unitId} />
          <label htmlFor="new-name">项目名称</label>
          <Input
            id="new-name"
            name="name"
            required
            maxLength={200}
            placeholder="如：医疗保障事务工作经费"
            value={name}
            status={error ? 'error' : undefined}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
          />
          <label htmlFor="new-year">年度</label>
          <InputNumber
            id="new-year"
            min={2000}
            max={2100}
            value={year}
            onChange={(v) => {
              setYear(v ?? defaultYear);
              setError(null);
            }}
            style={{ width: '100%' }}
          />
          <input type="hidden" name="year" value={year} />
          <Button type="primary" htmlType="submit" loading={busy} block>
            创建（按标准一级/二级指标预填）
          </Button>
        </Space>
      </fetcher.Form>
    </Modal>
  );
}
