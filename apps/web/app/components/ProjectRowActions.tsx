/**
 * The delete (archive) and restore buttons of a row of the project list. Each row has its own
 * keyed fetcher, so two rows can be busy at once. The outcome is announced by
 * <RowActionAnnouncer>, which the list renders once: a deleted or restored row leaves the list
 * as soon as it revalidates, and on a busy machine that could happen before the row itself ever
 * rendered the action's answer, so its announcement was lost.
 */
import { DeleteOutlined, UndoOutlined } from '@ant-design/icons';
import { useFetcher } from '@remix-run/react';
import { App, Button, Popconfirm } from 'antd';
import { useEffect, useSyncExternalStore } from 'react';
import type { action } from '../routes/_index.server';

interface Row {
  id: string;
  name: string;
}

/** Actions submitted and not yet announced: fetcher key → the success text. */
const pending = new Map<string, string>();
const listeners = new Set<() => void>();
let pendingKeys: string[] = [];
function setPending(key: string, text: string | null): void {
  if (text === null) pending.delete(key);
  else pending.set(key, text);
  pendingKeys = [...pending.keys()];
  for (const l of listeners) l();
}
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const NONE: string[] = [];

function useRowAction(intent: 'archive' | 'restore', row: Row, success: string) {
  const key = `${intent}:${row.id}`;
  const fetcher = useFetcher<typeof action>({ key });
  const submit = () => {
    // in the same render as the fetcher's `submitting`: an answer kept from an earlier action
    // under this key is never announced again
    fetcher.submit({ intent, id: row.id }, { method: 'post', action: '/?index' });
    setPending(key, success);
  };
  return { busy: fetcher.state !== 'idle', submit };
}

/** Announces the outcome of every row action, whether or not its row is still listed. */
export function RowActionAnnouncer() {
  const keys = useSyncExternalStore(subscribe, () => pendingKeys, () => NONE);
  return keys.map((key) => <Announce key={key} fetcherKey={key} />);
}

function Announce({ fetcherKey }: { fetcherKey: string }) {
  const fetcher = useFetcher<typeof action>({ key: fetcherKey });
  const { message } = App.useApp();
  const data = fetcher.state === 'submitting' ? undefined : fetcher.data;
  useEffect(() => {
    if (!data) return;
    if (data.ok) message.success(pending.get(fetcherKey) ?? '');
    else message.error({ content: data.error ?? '操作失败，请稍后重试', duration: 8 });
    setPending(fetcherKey, null);
  }, [data, fetcherKey, message]);
  return null;
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
