/**
 * Websocket close codes and reasons (reasons must stay under 123 bytes of UTF-8). The stock
 * y-websocket client does not reconnect after 4400–4499: those codes are for sockets that
 * should not come back as they are; 40xx codes are followed by a reconnect.
 */
export const CLOSE = {
  goingAway: { code: 1001, reason: '服务器正在重启 (server restarting)' },
  protocol: { code: 1002, reason: '' },
  tooLarge: { code: 1009, reason: '消息过大 (message too large)' },
  invalidUpdate: { code: 4400, reason: '无效的文档更新 (invalid update)' },
  loadFailed: { code: 1011, reason: '文档加载失败 (document failed to load)' },
  accessChanged: { code: 4001, reason: '权限已变更，正在重新连接 (access changed)' },
  timeout: { code: 4008, reason: '连接超时 (ping timeout)' },
} as const;
