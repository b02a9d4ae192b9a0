/**
 * The table's sign-offs and their summary, kept current by the live events: a `signoff` event,
 * a `table` event (content changed: sign-offs may have gone stale) or a resync refetches both.
 */
import type { SignoffSummary, SignoffTarget, SignoffView } from '@jixiao/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, post } from './api';
import { type EventHub, spreadOut, useProjectEvents, useRefetch } from './use-project-events';

export type { SignoffSummary, SignoffTarget, SignoffView };

/** Key of a sign-off target, as the server names parts: `indicator:<id>`, `section:<name>`, `table`. */
export function targetKey(target: SignoffTarget): string {
  if (target.kind === 'indicator') return `indicator:${target.indicatorId}`;
  if (target.kind === 'section') return `section:${target.section}`;
  return 'table';
}

export interface Signoffs {
  /** null until loaded */
  list: SignoffView[] | null;
  summary: SignoffSummary | null;
  /** live sign-offs by target key */
  byTarget: Map<string, SignoffView[]>;
  sign(target: SignoffTarget): Promise<SignoffView>;
  revoke(id: string): Promise<void>;
}

export function useSignoffs(projectId: string, hub: EventHub, onError: (e: unknown) => void): Signoffs {
  const base = `/api/projects/${encodeURIComponent(projectId)}`;
  const [list, setList] = useState<SignoffView[] | null>(null);
  const [summary, setSummary] = useState<SignoffSummary | null>(null);
  const refresh = useRefetch(
    (signal) => Promise.all([api<SignoffView[]>(`${base}/signoffs`, { signal }), api<SignoffSummary>(`${base}/signoffs/summary`, { signal })]),
    ([l, s]) => {
      setList(l);
      setSummary(s);
    },
    onError,
  );
  useEffect(() => refresh(), [refresh]);
  useProjectEvents(hub, (e) => {
    if (e.type === 'table') spreadOut(refresh);
    else if (e.type === 'signoff' || e.type === 'resync') refresh();
  });
  const byTarget = useMemo(() => {
    const out = new Map<string, SignoffView[]>();
    for (const s of list ?? []) out.set(targetKey(s.target), [...(out.get(targetKey(s.target)) ?? []), s]);
    return out;
  }, [list]);
  const sign = useCallback(
    (target: SignoffTarget) =>
      post<SignoffView>(`${base}/signoffs`, { target }).then((v) => {
        refresh();
        return v;
      }),
    [base, refresh],
  );
  const revoke = useCallback(
    (id: string) =>
      api<unknown>(`/api/signoffs/${encodeURIComponent(id)}`, { method: 'DELETE' }).then(() => {
        refresh();
      }),
    [refresh],
  );
  return useMemo(() => ({ list, summary, byTarget, sign, revoke }), [list, summary, byTarget, sign, revoke]);
}
