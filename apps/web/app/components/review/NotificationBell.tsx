/**
 * The top bar's bell: how many notifications are unread, and on click the latest: who mentioned
 * the user where, or what a workflow step did to a table (「赵批复 将《项目》退回至“单位填报”：
 * 原因」); a click on one marks it read and opens its thread, or its table. Refreshed when the
 * page's table sends an event (a comment may mention us, a step may concern us), when the window
 * regains focus, and every minute.
 */
import type { NotificationView } from '@jixiao/core';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from '@remix-run/react';
import { App, Badge, Button, Empty, Popover } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, errorMessage, post } from '../../lib/review/api';
import { WINDOW_EVENT } from '../../lib/review/use-project-events';
import { useRefetch } from '../../lib/review/use-project-events';

interface Page {
  items: NotificationView[];
  unread: number;
}

const POLL_MS = 60_000;

export function NotificationBell() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [page, setPage] = useState<Page | null>(null);
  const [open, setOpen] = useState(false);
  const refresh = useRefetch((signal) => api<Page>('/api/notifications', { signal }), setPage);

  useEffect(() => {
    refresh();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = (e: Event) => {
      const type = (e as CustomEvent<{ type?: string }>).detail?.type;
      if (type !== 'comment' && type !== 'thread' && type !== 'workflow' && type !== 'resync') return;
      clearTimeout(timer);
      timer = setTimeout(refresh, 150);
    };
    const onFocus = () => refresh();
    window.addEventListener(WINDOW_EVENT, soon);
    window.addEventListener('focus', onFocus);
    const poll = setInterval(refresh, POLL_MS);
    return () => {
      clearTimeout(timer);
      clearInterval(poll);
      window.removeEventListener(WINDOW_EVENT, soon);
      window.removeEventListener('focus', onFocus);
    };
  }, [refresh]);

  const markRead = async (ids?: string[]) => {
    try {
      const r = await post<{ marked: number; unread: number }>('/api/notifications/read', ids ? { ids } : {});
      setPage((p) => p && { unread: r.unread, items: p.items.map((n) => (!ids || ids.includes(n.id) ? { ...n, readAt: n.readAt ?? new Date().toISOString() } : n)) });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const openOne = (n: NotificationView) => {
    setOpen(false);
    if (!n.readAt) void markRead([n.id]);
    navigate(`/projects/${encodeURIComponent(n.project.id)}${n.threadId ? `?thread=${encodeURIComponent(n.threadId)}` : ''}`);
  };

  const unread = page?.unread ?? 0;
  const content = (
    <div className="bell-panel" data-testid="notifications" style={{ width: 360 }}>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: '4px 4px 8px', borderBottom: '1px solid #f0f0f0' }}>
        <b>通知</b>
        <Button size="small" type="link" disabled={!unread} onClick={() => void markRead()} data-testid="mark-all-read">
          全部标为已读
        </Button>
      </div>
      {!page?.items.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" style={{ margin: '24px 0' }} />
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 420, overflow: 'auto' }}>
          {page.items.map((n) => (
            <li key={n.id} style={{ borderBottom: '1px solid #f5f5f5' }}>
              <button
                type="button"
                onClick={() => openOne(n)}
                data-testid="notification"
                data-unread={n.readAt ? 'false' : 'true'}
                style={{
                  display: 'block',
                  width: '100%',
                  textAlign: 'left',
                  border: 0,
                  background: n.readAt ? 'transparent' : '#fff7f6',
                  padding: '8px 8px',
                  font: 'inherit',
                  cursor: 'pointer',
                }}
              >
                <div style={{ display: 'flex', gap: 6, alignItems: 'baseline' }}>
                  {!n.readAt && <span style={{ width: 6, height: 6, borderRadius: 3, background: '#b4232a', flex: 'none', alignSelf: 'center' }} />}
                  <span style={{ flex: 1, color: 'rgba(0,0,0,0.88)' }} data-kind={n.kind}>
                    {n.kind === 'workflow' && n.workflow ? (
                      <WorkflowLine n={n} />
                    ) : (
                      <>
                        <b>{n.by?.name ?? '有人'}</b> 在「{n.project.name}」的讨论中提到了您
                      </>
                    )}
                  </span>
                </div>
                {n.excerpt && (
                  <div style={{ color: 'rgba(0,0,0,0.55)', fontSize: 12, marginTop: 2, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                    {n.excerpt}
                  </div>
                )}
                <div style={{ color: 'rgba(0,0,0,0.35)', fontSize: 12, marginTop: 2 }}>{dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}</div>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );

  return (
    <Popover content={content} trigger="click" placement="bottomRight" open={open} onOpenChange={(o) => {
      setOpen(o);
      if (o) refresh();
    }}>
      <Badge count={unread} size="small" offset={[-2, 2]} data-testid="unread-count" data-count={unread}>
        <Button type="text" size="small" icon={<BellOutlined />} aria-label={unread ? `通知（${unread} 条未读）` : '通知'} data-testid="bell" data-unread={page ? unread : undefined} />
      </Badge>
    </Popover>
  );
}

/** One workflow step in words: who did what to which table, and where it is now. */
function WorkflowLine({ n }: { n: NotificationView }) {
  const w = n.workflow!;
  const who = <b>{w.by.name || n.by?.name || '有人'}</b>;
  const table = `《${n.project.name}》`;
  const stage = w.stage ? `“${w.stage.name}”` : '';
  switch (w.action) {
    case 'submit':
      return (
        <>
          {who} 已提交{table}，请在{stage || '本环节'}办理
        </>
      );
    case 'approve':
      return w.stage ? (
        <>
          {who} 审核通过{table}，已送至{stage}
        </>
      ) : (
        <>
          {who} 已批复{table}
        </>
      );
    case 'return':
      return (
        <>
          {who} 将{table}退回至{stage || '“单位填报”'}
          {w.reason ? `：${w.reason}` : ''}
        </>
      );
    case 'withdraw':
      return (
        <>
          {who} 撤回了{table}
        </>
      );
    case 'publish':
      return (
        <>
          {who} 已公开{table}
        </>
      );
    default:
      return (
        <>
          {who} 办理了{table}
        </>
      );
  }
}
