/** Typed application errors: a stable code, an HTTP status and a message in the UI language. */
export const ERRORS = {
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  FORBIDDEN: { status: 403, message: '您没有权限执行此操作' },
  PROJECT_NOT_FOUND: { status: 404, message: '项目不存在' },
  UNIT_NOT_FOUND: { status: 404, message: '单位不存在' },
  USER_NOT_FOUND: { status: 404, message: '用户不存在' },
  INVALID_INPUT: { status: 400, message: '输入内容有误' },
  ACCOUNT_EXISTS: { status: 409, message: '该邮箱已有账号' },
  NOT_FOUND: { status: 404, message: '未找到' },
  PROJECT_ARCHIVED: { status: 410, message: '该项目已删除（已归档），如需恢复请联系管理员' },
  DUPLICATE_PROJECT: { status: 409, message: '该单位本年度已有同名的绩效目标表' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '请求内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请求内容必须是 JSON（Content-Type: application/json）' },
  ORIGIN_FORBIDDEN: { status: 403, message: '请求来源不被允许（跨站请求已拒绝）' },
  THREAD_NOT_FOUND: { status: 404, message: '讨论不存在' },
  COMMENT_NOT_FOUND: { status: 404, message: '评论不存在' },
  INDICATOR_NOT_FOUND: { status: 404, message: '指标不存在' },
  COMMENT_DELETED: { status: 409, message: '此评论已删除，不能再修改' },
  THREAD_RESOLVED: { status: 409, message: '该讨论已解决，请先重新打开再回复' },
  SIGNOFF_NOT_FOUND: { status: 404, message: '签署记录不存在' },
  SIGNOFF_DUPLICATE: { status: 409, message: '您已签署过此项，无需重复签署' },
  SIGNOFF_REVOKED: { status: 409, message: '此签署已撤销' },
  SIGNOFF_OWN_EDIT: { status: 403, message: '此内容最后由您本人修改，不能由您签署（须由他人复核）' },
  WORKFLOW_STALE: { status: 409, message: '此表的流程状态已被他人更新，请刷新后再操作' },
  WORKFLOW_INVALID_ACTION: { status: 409, message: '此表当前的流程环节不能执行该操作' },
  WORKFLOW_SIGNOFF_REQUIRED: { status: 409, message: '还有指标未签署或签署已过期，不能进入下一环节' },
  WORKFLOW_NOT_FOUND: { status: 404, message: '审批流程不存在' },
  VERSION_NOT_FOUND: { status: 404, message: '版本不存在' },
  TOO_MANY_STREAMS: { status: 429, message: '您打开的页面过多：请关闭一些标签页后刷新' },
} as const;
export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  constructor(code: ErrorCode, message?: string) {
    super(message ?? ERRORS[code].message);
    this.code = code;
    this.status = ERRORS[code].status;
  }
  toJSON() {
    return { error: { code: this.code, message: this.message } };
  }
}

export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return prefix + Buffer.from(bytes).toString('base64url');
}

export function nowIso(): string {
  return new Date().toISOString();
}
