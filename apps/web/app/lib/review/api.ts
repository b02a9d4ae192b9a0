/**
 * Calls of the review loop's JSON API from the browser: same origin (the session cookie goes
 * along), JSON bodies; an error answer `{error: {code, message}}` becomes an ApiError carrying
 * the server's Chinese message, ready to show.
 */
import type { LIMITS } from '@jixiao/core';

/** The longest comment the server accepts, in characters (kept equal to core's LIMITS by the type). */
export const COMMENT_MAX: (typeof LIMITS)['commentBody'] = 2000;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const FALLBACK: Record<number, string> = {
  401: '登录已过期，请重新登录',
  403: '您无权执行此操作',
  404: '内容不存在或已被删除',
  409: '内容已被他人更改，请刷新后重试',
  413: '内容过大',
};

export async function api<T>(url: string, init?: { method?: string; body?: unknown; signal?: AbortSignal }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init?.method ?? 'GET',
      credentials: 'same-origin',
      headers: init?.body !== undefined ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
      body: init?.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: init?.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试');
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, error?.code ?? 'HTTP', error?.message || FALLBACK[res.status] || `请求失败（${res.status}）`);
  }
  return data as T;
}

export const post = <T>(url: string, body: unknown = {}) => api<T>(url, { method: 'POST', body });

/** The message to show for a failed call. */
export function errorMessage(e: unknown): string {
  return e instanceof ApiError ? e.message : '操作失败，请稍后重试';
}

/** Characters as the server counts them: code points after trimming. */
export function bodyLength(body: string): number {
  return [...body.trim()].length;
}
