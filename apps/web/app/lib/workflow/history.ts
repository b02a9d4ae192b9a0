/**
 * The table's versions (one per workflow step) and the difference between two of them, from
 * GET /api/projects/:id/versions and …/versions/:from/diff/:to. `from` may also be
 * `last-submit` or `previous-submit`, `to` also `current` (the live table).
 */
import type { TableDiff, VersionView, WorkflowView } from '@jixiao/core';
import { WORKFLOW_ACTIONS } from '@jixiao/core/workflow-labels';
import { api } from '../review/api';

export type { TableDiff, VersionView };

export const versionsUrl = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}/versions`;

export function fetchVersions(projectId: string, signal?: AbortSignal): Promise<VersionView[]> {
  return api<VersionView[]>(versionsUrl(projectId), { signal });
}

export function fetchDiff(projectId: string, from: string, to: string, signal?: AbortSignal): Promise<TableDiff> {
  return api<TableDiff>(`${versionsUrl(projectId)}/${encodeURIComponent(from)}/diff/${encodeURIComponent(to)}`, { signal });
}

export interface Comparison {
  from: string;
  to: string;
  /** what the comparison means, for its heading */
  title: string;
}

/**
 * What to compare first: in review after a return and a resubmission, what changed since the
 * submission before (the reviewer's 「自上次提交以来的修改」); back in 填报 after a submission,
 * what the editor changed since handing it in; otherwise the latest version against now.
 */
export function defaultComparison(view: Pick<WorkflowView, 'status'>, versions: readonly VersionView[]): Comparison | null {
  const submits = versions.filter((v) => v.action === 'submit').length;
  if (view.status === 'review' && submits >= 2) return { from: 'previous-submit', to: 'current', title: '自上次提交以来的修改' };
  if (view.status === 'draft' && submits >= 1) return { from: 'last-submit', to: 'current', title: '提交后的修改' };
  const last = versions[versions.length - 1];
  return last ? { from: last.id, to: 'current', title: '最近一次流程操作以来的修改' } : null;
}

export const actionLabel = (action: string): string => (WORKFLOW_ACTIONS as Record<string, string>)[action] ?? action;

/** Whether a difference has anything in it. */
export function isEmptyDiff(d: TableDiff): boolean {
  return !d.added.length && !d.removed.length && !d.changed.length && !d.moved.length && !d.header.length && !d.goal;
}
