/**
 * Websocket close codes and reasons (reasons must stay under 123 bytes of UTF-8). The stock
 * y-websocket client does not reconnect after 4400–4499: those codes are for sockets that
 * should not come back as they are; 40xx and 45xx codes are followed by a reconnect (with
 * backoff), and the web UI shows the reason meanwhile.
 */
export const CLOSE = {
  goingAway: { code: 1001, reason: '服务器正在重启 (server restarting)' },
  protocol: { code: 1002, reason: '' },
  tooLarge: { code: 1009, reason: '消息过大 (message too large)' },
  accessChanged: { code: 4001, reason: '权限已变更，正在重新连接 (access changed)' },
  timeout: { code: 4008, reason: '连接超时 (ping timeout)' },
  // terminal: reconnecting cannot help
  invalidUpdate: { code: 4400, reason: '无效的文档更新 (invalid update)' },
  tooMuchPending: { code: 4400, reason: '更新缺少前序内容，已拒绝 (updates missing their base)' },
  sessionEnded: { code: 4401, reason: '会话已结束，请重新登录 (signed out or session expired)' },
  projectArchived: { code: 4410, reason: '该表已被删除，可请管理员恢复 (table deleted)' },
  loadFailed: { code: 4422, reason: '文档加载失败，请联系管理员 (document failed to load)' },
  // transient: the client reconnects with backoff
  tooManyEarly: { code: 4429, reason: '加载期间消息过多 (too many messages while loading)' },
  tooManyWaiting: { code: 4429, reason: '等待保存期间消息过多 (too many messages while waiting)' },
  unsaved: { code: 4503, reason: '未保存：数据库暂不可用，重连中 (not saved, reconnecting)' },
  sendBufferFull: { code: 4513, reason: '接收过慢，发送缓冲已满 (send buffer full)' },
} as const;

/** HTTP refusals of an upgrade, answered before the websocket exists. */
export const REFUSE = {
  badRequest: { status: 400, code: 'BAD_REQUEST', message: '请求无效 (bad request)' },
  notFound: { status: 404, code: 'NOT_FOUND', message: '未找到' },
  originForbidden: { status: 403, code: 'ORIGIN_FORBIDDEN', message: '来源不被允许 (origin not allowed)' },
  tooManyForUser: { status: 429, code: 'TOO_MANY_CONNECTIONS', message: '您打开的协作连接过多，请关闭其他窗口 (too many connections)' },
  tooManyForRoom: { status: 429, code: 'ROOM_FULL', message: '该文档的协作连接已满，请稍后再试 (document full)' },
  shuttingDown: { status: 503, code: 'SHUTTING_DOWN', message: '服务器正在重启，请稍后重连' },
  internal: { status: 500, code: 'INTERNAL', message: '服务器内部错误' },
} as const;
