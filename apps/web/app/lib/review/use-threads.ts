/**
 * The table's threads (resolved ones included), kept current by the live events: any `thread`
 * or `comment` event, or a resync, refetches the list. Also who may be @mentioned.
 */
import type { AnchorView, CommentView, ThreadView, UserRef } from '@jixiao/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, post } from './api';
import { type EventHub, useProjectEvents, useRefetch } from './use-project-events';

export type { AnchorView, CommentView, ThreadView, UserRef };
export type AnchorInput = { kind: 'indicator'; indicatorId: string } | { kind: 'header'; field: string } | { kind: 'goal' };

/** Where a thread points, as a key shared with the page's markers: `row:<id>`, `header:<field>`, `goal`. */
export function anchorKey(anchor: AnchorView | AnchorInput): string {
  if (anchor.kind === 'indicator') return `row:${anchor.indicatorId}`;
  if (anchor.kind === 'header') return `header:${anchor.field}`;
  return 'goal';
}

export interface Threads {
  /** null until first loaded */
  list: ThreadView[] | null;
  /** open threads by anchor key */
  openCount: Map<string, number>;
  /** all threads (open or resolved) by anchor key */
  totalCount: Map<string, number>;
  refresh(): void;
  create(anchor: AnchorInput, body: string, mentions: string[]): Promise<ThreadView>;
  reply(threadId: string, body: string, mentions: string[]): Promise<CommentView>;
  edit(commentId: string, body: string, mentions?: string[]): Promise<CommentView>;
  remove(commentId: string): Promise<CommentView>;
  resolve(threadId: string): Promise<ThreadView>;
  reopen(threadId: string): Promise<ThreadView>;
}

export function useThreads(projectId: string, hub: EventHub, onError: (e: unknown) => void): Threads {
  const [list, setList] = useState<ThreadView[] | null>(null);
  const base = `/api/projects/${encodeURIComponent(projectId)}`;
  const refresh = useRefetch((signal) => api<ThreadView[]>(`${base}/threads`, { signal }), setList, onError);
  useEffect(() => refresh(), [refresh]);
  useProjectEvents(hub, (e) => {
    if (e.type === 'thread' || e.type === 'comment' || e.type === 'resync') refresh();
  });

  const [openCount, totalCount] = useMemo(() => {
    const open = new Map<string, number>();
    const total = new Map<string, number>();
    for (const t of list ?? []) {
      const key = anchorKey(t.anchor);
      total.set(key, (total.get(key) ?? 0) + 1);
      if (t.status === 'open') open.set(key, (open.get(key) ?? 0) + 1);
    }
    return [open, total];
  }, [list]);

  // each action refreshes at once (its own event follows, and is coalesced)
  const after = useCallback(
    <T,>(p: Promise<T>): Promise<T> =>
      p.then((v) => {
        refresh();
        return v;
      }),
    [refresh],
  );
  return useMemo(
    () => ({
      list,
      openCount,
      totalCount,
      refresh,
      create: (anchor, body, mentions) => after(post<ThreadView>(`${base}/threads`, { anchor, body, mentions })),
      reply: (threadId, body, mentions) => after(post<CommentView>(`/api/threads/${encodeURIComponent(threadId)}/comments`, { body, mentions })),
      edit: (commentId, body, mentions) =>
        after(api<CommentView>(`/api/comments/${encodeURIComponent(commentId)}`, { method: 'PATCH', body: mentions ? { body, mentions } : { body } })),
      remove: (commentId) => after(api<CommentView>(`/api/comments/${encodeURIComponent(commentId)}`, { method: 'DELETE' })),
      resolve: (threadId) => after(post<ThreadView>(`/api/threads/${encodeURIComponent(threadId)}/resolve`)),
      reopen: (threadId) => after(post<ThreadView>(`/api/threads/${encodeURIComponent(threadId)}/reopen`)),
    }),
    [list, openCount, totalCount, refresh, after, base],
  );
}

/** Users who may be @mentioned on the table, loaded once when first needed. */
export function useMentionable(projectId: string, enabled: boolean): UserRef[] {
  const [users, setUsers] = useState<UserRef[]>([]);
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    api<UserRef[]>(`/api/projects/${encodeURIComponent(projectId)}/mentionable`, { signal: controller.signal }).then(setUsers, () => {});
    return () => controller.abort();
  }, [projectId, enabled]);
  return users;
}
