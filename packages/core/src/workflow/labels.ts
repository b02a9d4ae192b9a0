/**
 * Labels of workflow actions and states. Browser-safe (no I/O, types only): imported by pages
 * as @jixiao/core/workflow-labels, and by the workflow services through transitions.ts.
 */
import type { WorkflowStatus } from '@jixiao/db';

export const WORKFLOW_ACTIONS = {
  submit: '提交',
  approve: '审核通过',
  return: '退回',
  withdraw: '撤回',
  publish: '公开',
} as const;
export type WorkflowAction = keyof typeof WORKFLOW_ACTIONS;

export const WORKFLOW_STATUS: Record<WorkflowStatus, string> = {
  draft: '填报中',
  review: '审核中',
  approved: '已批复',
  published: '已公开',
};
