import { Avatar, Space, Tag, Tooltip } from 'antd';
import type { ConnectionState, Peer } from '../lib/use-collab';

const STATE: Record<ConnectionState, { color: string; label: string }> = {
  connecting: { color: 'processing', label: '连接中' },
  connected: { color: 'success', label: '已连接' },
  reconnecting: { color: 'warning', label: '重新连接中' },
  offline: { color: 'error', label: '离线（修改将在恢复连接后合并）' },
  stopped: { color: 'error', label: '连接已断开，请刷新页面' },
};

/** Saved means committed by the server, as it acknowledged; unsent edits wait for the connection. */
function SavedTag({ saved, state }: { saved: boolean; state: ConnectionState }) {
  const label = saved ? '已保存' : state === 'connected' ? '保存中…' : '有未保存的修改';
  const color = saved ? 'default' : state === 'connected' ? 'processing' : 'warning';
  return (
    <Tag color={color} data-testid="saved-state" data-saved={saved ? 'yes' : 'no'}>
      {label}
    </Tag>
  );
}

/** Connection state, whether edits are saved, read-only badge and who else is here. */
export function ConnectionBar({
  state,
  readOnly,
  peers,
  notice,
  saved,
}: { state: ConnectionState; readOnly: boolean; peers: Peer[]; notice: string | null; saved?: boolean }) {
  const unique = [...new Map(peers.map((p) => [p.name, p])).values()];
  return (
    <Space size={8} wrap>
      <Tag color={STATE[state].color} data-testid="connection-state" data-state={state}>
        {STATE[state].label}
      </Tag>
      {!readOnly && saved !== undefined && <SavedTag saved={saved} state={state} />}
      {readOnly && (
        <Tag color="default" data-testid="read-only">
          只读
        </Tag>
      )}
      {notice && <Tag color="red">{notice}</Tag>}
      <span className="presence" data-testid="presence">
        {unique.map((p) => (
          <Tooltip key={p.clientId} title={`${p.name} 正在查看`}>
            <Avatar size="small" style={{ background: p.color }} data-testid="peer" data-name={p.name}>
              {p.name.slice(-2)}
            </Avatar>
          </Tooltip>
        ))}
      </span>
    </Space>
  );
}
