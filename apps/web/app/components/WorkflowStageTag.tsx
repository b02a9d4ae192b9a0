import type { ProjectListItem } from '@jixiao/core';
import { Tag } from 'antd';

const COLORS = { draft: 'default', review: 'processing', approved: 'success', published: 'cyan' } as const;
const DONE = { approved: '已批复', published: '已公开' } as const;

/** Where a table stands in its approval workflow: the stage's name, or 已批复 / 已公开. */
export function WorkflowStageTag({ workflow }: { workflow: ProjectListItem['workflow'] }) {
  const text = workflow.status === 'approved' || workflow.status === 'published' ? DONE[workflow.status] : (workflow.stage?.name ?? '单位填报');
  return (
    <Tag color={COLORS[workflow.status]} data-testid="workflow-stage" data-status={workflow.status}>
      {text}
    </Tag>
  );
}
