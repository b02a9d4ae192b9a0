import { Avatar, Space, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { type ConnectionState, type Peer, type SavedStore, useSaved } from '../lib/use-collab';

const STATE: Record<ConnectionState, { color: string; label: string }> = {
  connecting: { color: 'processing', label: '连接中' },
  connected: { color: 'success', label: '已连接' },
  reconnecting: { color: 'warning', label: '重新连接中' },
  offline: { color: 'error', label: '离线（修改将在恢复连接后合并）' },
  stopped: { color: 'error', label: '连接已断开，请刷新页面' },
};

/** While connected, 保存中… shows only for edits not acknowledged within this time. */
export const SAVING_NOTICE_MS = 600;
/** No colour transition: the tag may change with every keystroke, and each would animate the page. */
const STILL = { transition: 'none' } as const;

/**
 * Saved means committed by the server, as it acknowledged (`data-saved`, at once); unsent edits
 * wait for the connection. Acknowledgements normally come within milliseconds, so a typist sees
 * 已保存 throughout instead of a badge flickering with every key.
 */
function SavedTag({ store, state }: { store: SavedStore | null; state: ConnectionState }) {
  const saved = useSaved(store);
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    setSlow(false);
    if (saved) return;
    const timer = setTimeout(() => setSlow(true), SAVING_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [saved]);
  const shown = state === 'connected' ? saved || !slow : saved;
  const label = shown ? '已保存' : state === 'connected' ? '保存中…' : '有未保存的修改';
  const color = shown ? 'default' : state === 'connected' ? 'processing' : 'warning';
  return (
    <Tag color={color} style={STILL} data-testid="saved-state" data-saved={saved ? 'yes' : 'no'}>
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
}: { state: ConnectionState; readOnly: boolean; peers: Peer[]; notice: string | null; saved: SavedStore | null }) {
  const unique = [...new Map(peers.map((p) => [p.name, p])).values()];
  return (
    <Space size={8} wrap>
      <Tag color={STATE[state].color} data-testid="connection-state" data-state={state}>
        {STATE[state].label}
      </Tag>
      {!readOnly && <SavedTag store={saved} state={state} />}
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
