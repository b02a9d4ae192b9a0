/**
 * The delete (archive) and restore buttons of a row of the project list. Each row has its own
 * fetcher, so two rows can be busy at once; the outcome is announced while the list revalidates
 * (fetcher state "loading"), because a deleted or restored row leaves the list right after.
 */
import { DeleteOutlined, UndoOutlined } from '@ant-design/icons';
import { useFetcher } from '@remix-run/react';
import { App, Button, Popconfirm } from 'antd';
import { useEffect, useRef } from 'react';
import type { action } from '../routes/_index.server';

interface Row {
  id: string;
  name: string;
}

function useRowAction(intent: 'archive' | 'restore', row: Row, success: string) {
  const fetcher = useFetcher<typeof action>();
  const { message } = App.useApp();
  const announced = useRef<unknown>(null);
  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state === 'submitting' || !data || announced.current === data) return;
    announced.current = data;
    if (data.ok) message.success(success);
    else message.error({ content: data.error ?? '操作失败，请稍后重试', duration: 8 });
  }, [fetcher.state, fetcher.data, message, success]);
  const submit = () =>
    fetcher.submit({ intent, id: row.id }, { method: 'post', action: '/?index' });
  return { busy: fetcher.state !== 'idle', submit };
}

export function ArchiveButton({ row }: { row: Row }) {
  const { busy, submit } = useRowAction('archive', row, `已删除「${row.name}」，管理员可在“已删除”中恢复`);
  return (
    <Popconfirm
      title={`删除「${row.name}」？`}
      description={<div style={{ maxWidth: 300 }}>删除后本表不再出现在列表中，单位管理员可在“已删除”中恢复。</div>}
      placement="topRight"
      okText="删除"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      onConfirm={submit}
    >
      <Button size="small" danger type="text" icon={<DeleteOutlined />} loading={busy} data-testid={`archive-${row.id}`}>
        删除
      </Button>
    </Popconfirm>
  );
}

export function RestoreButton({ row }: { row: Row }) {
  const { busy, submit } = useRowAction('restore', row, `已恢复「${row.name}」`);
  return (
    <Button size="small" icon={<UndoOutlined />} loading={busy} onClick={submit} data-testid={`restore-${row.id}`}>
      恢复
    </Button>
  );
}
