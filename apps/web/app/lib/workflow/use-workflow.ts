/**
 * The table's place in its approval workflow on the editor page (GET /api/projects/:id/workflow),
 * first from the loader, then kept current by the page's one event stream (its events are also
 * dispatched on `window`): a `workflow` event (someone acted) or a resync refetches the state and
 * revalidates the loader, so the project's access (editable / read-only) follows without a reload.
 *
 * An action sends the version shown; when someone else acted first (409 WORKFLOW_STALE) the
 * state is refetched and the user is told what it is now.
 */
import type { WorkflowAction, WorkflowView } from '@jixiao/core';
import { WORKFLOW_ACTIONS, WORKFLOW_STATUS } from '@jixiao/core/workflow-labels';
import { useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api, post } from '../review/api';
import { type ReviewEvent, WINDOW_EVENT, useRefetch } from '../review/use-project-events';

export type { WorkflowAction, WorkflowView };

export interface ActInput {
  reason?: string;
  toStage?: string;
}

export interface Workflow {
  view: WorkflowView;
  /** an action is on its way */
  busy: WorkflowAction | null;
  /** take an action; rejects with an ApiError whose message is ready to show */
  act(action: WorkflowAction, input?: ActInput): Promise<WorkflowView>;
  refresh(): void;
}

/** Where the table is, in words: 「主管部门审核」, 「已批复」… */
export function whereLabel(view: Pick<WorkflowView, 'status' | 'stage'>): string {
  return view.stage?.name ?? WORKFLOW_STATUS[view.status];
}

/** The message for an action refused because someone acted first. */
export function staleMessage(now: WorkflowView): string {
  return `此表的流程状态已被他人更新，当前为“${whereLabel(now)}”。页面已刷新为最新状态，请确认后再操作。`;
}

export function useWorkflow(projectId: string, initial: WorkflowView): Workflow {
  const base = `/api/projects/${encodeURIComponent(projectId)}/workflow`;
  const [view, setView] = useState(initial);
  const [busy, setBusy] = useState<WorkflowAction | null>(null);
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const shown = useRef(view.version);
  shown.current = view.version;

  // the loader's copy (after a revalidation) wins when it is at least as new
  useEffect(() => {
    setView((v) => (initial.version >= v.version ? initial : v));
  }, [initial]);

  const refresh = useRefetch(
    (signal) => api<WorkflowView>(base, { signal }),
    (next) => {
      const moved = next.version !== shown.current;
      setView(next);
      // the access to the table may have changed with the state: the loader says
      if (moved) revalidate.current();
    },
    (e) => console.warn('[workflow]', e),
  );

  useEffect(() => {
    const onEvent = (e: Event) => {
      const event = (e as CustomEvent<ReviewEvent>).detail;
      if (!event || event.projectId !== projectId) return;
      if (event.type === 'workflow') {
        if (event.version !== shown.current) refresh();
      } else if (event.type === 'resync') {
        refresh();
      }
    };
    window.addEventListener(WINDOW_EVENT, onEvent);
    return () => window.removeEventListener(WINDOW_EVENT, onEvent);
  }, [projectId, refresh]);

  const act = useCallback(
    async (action: WorkflowAction, input: ActInput = {}) => {
      setBusy(action);
      try {
        const next = await post<WorkflowView>(`${base}/${action}`, { expectedVersion: shown.current, ...input });
        setView(next);
        revalidate.current();
        return next;
      } catch (e) {
        if (e instanceof ApiError && e.code === 'WORKFLOW_STALE') {
          const now = await api<WorkflowView>(base).catch(() => null);
          if (now) {
            setView(now);
            revalidate.current();
            throw new ApiError(e.status, e.code, staleMessage(now));
          }
        }
        throw e;
      } finally {
        setBusy(null);
      }
    },
    [base],
  );

  return { view, busy, act, refresh };
}

/** The labels of the buttons (the core's names, with 「提交审核」 for a submission). */
export const ACTION_LABEL: Record<WorkflowAction, string> = { ...WORKFLOW_ACTIONS, submit: '提交审核' };
