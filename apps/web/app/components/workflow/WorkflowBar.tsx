/**
 * The table's approval workflow at the top of the editor: its stages (current one highlighted),
 * the status, the actions this user may take now (each confirmed; a return asks why and where
 * to), 版本记录, and a banner saying what the state means for this page (read-only since
 * submitted, returned with the reason, approved, published).
 *
 * The return dialog and the history drawer are loaded on first use.
 */
import { WORKFLOW_STATUS } from '@jixiao/core/workflow-labels';
import { HistoryOutlined } from '@ant-design/icons';
import { Alert, App, Button, Steps, Tag } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { errorMessage } from '../../lib/review/api';
import { ACTION_LABEL, type Workflow, type WorkflowAction, type WorkflowView, whereLabel } from '../../lib/workflow/use-workflow';
import workflowCss from './workflow.css?inline';

const ReturnDialog = lazy(() => import('./ReturnDialog'));
const HistoryDrawer = lazy(() => import('./HistoryDrawer'));

const STATUS_COLOR: Record<WorkflowView['status'], string> = { draft: 'default', review: 'processing', approved: 'success', published: 'green' };

/** What each action does, for its confirmation. */
function confirmText(action: WorkflowAction, view: WorkflowView, projectName: string): { title: string; content: string } {
  const stages = view.workflow.stages;
  const index = view.stage ? stages.findIndex((s) => s.id === view.stage!.id) : -1;
  const next = stages[index + 1];
  switch (action) {
    case 'submit':
      return {
        title: '提交审核',
        content: `将《${projectName}》提交至“${stages[1]?.name ?? '审核'}”。提交后此表只读，审核期间不能修改；如需修改，可在审核人办理前撤回。`,
      };
    case 'approve':
      return next
        ? { title: '审核通过', content: `确认“${view.stage?.name ?? ''}”审核通过，将此表送至“${next.name}”？` }
        : { title: '批复', content: `确认批复《${projectName}》？批复后的内容将作为正式版本保存，不再修改。` };
    case 'withdraw':
      return { title: '撤回', content: '撤回后此表回到“单位填报”，可继续修改后重新提交。' };
    case 'publish':
      return { title: '公开', content: `确认公开《${projectName}》？公开后任何人无需登录即可查看批复时的内容。` };
    default:
      return { title: ACTION_LABEL[action], content: '' };
  }
}

export interface WorkflowBarProps {
  workflow: Workflow;
  projectId: string;
  projectName: string;
  readOnly: boolean;
}

export function WorkflowBar({ workflow, projectId, projectName, readOnly }: WorkflowBarProps) {
  const { modal, message } = App.useApp();
  const { view, busy } = workflow;
  const [returning, setReturning] = useState<{ loaded: boolean; open: boolean }>({ loaded: false, open: false });
  const [history, setHistory] = useState<{ loaded: boolean; open: boolean }>({ loaded: false, open: false });

  const stages = view.workflow.stages;
  const index = view.stage ? stages.findIndex((s) => s.id === view.stage!.id) : -1;
  const returned = view.lastAction === 'return' && !!view.returnReason;
  // the last step is 公开: in progress once approved, done once published
  const current = view.status === 'approved' ? stages.length : view.status === 'published' ? stages.length + 1 : Math.max(index, 0);
  const items = [
    ...stages.map((s, i) => ({
      title: s.name,
      description: i === current && returned ? '已退回' : i === current && view.status !== 'draft' ? '办理中' : undefined,
    })),
    { title: '公开', description: view.status === 'approved' ? '待公开' : undefined },
  ];

  const isLast = index >= 0 && index === stages.length - 1;
  const labelOf = (action: WorkflowAction) => (action === 'approve' && isLast ? '批复' : ACTION_LABEL[action]);

  const run = (action: WorkflowAction, input?: { reason?: string; toStage?: string }) =>
    workflow.act(action, input).then(
      (next) => {
        message.success(doneMessage(action, next));
        return true;
      },
      (e) => {
        message.error({ content: errorMessage(e), duration: 6 });
        return false;
      },
    );

  const ask = (action: WorkflowAction) => {
    if (action === 'return') {
      setReturning({ loaded: true, open: true });
      return;
    }
    const { title, content } = confirmText(action, view, projectName);
    modal.confirm({
      title,
      content,
      okText: labelOf(action),
      cancelText: '取消',
      okButtonProps: { ...{ 'data-testid': 'workflow-confirm' } },
      onOk: () => run(action),
    });
  };

  return (
    <section className="workflow-bar" data-testid="workflow-bar" data-status={view.status} data-stage={view.stage?.id ?? ''} data-version={view.version}>
      {/* no characters React escapes in workflow.css: the text is the stylesheet as written */}
      <style data-workflow-css>{workflowCss}</style>
      <div className="workflow-bar-head">
        <span className="workflow-bar-title">审批流程</span>
        <Tag color={STATUS_COLOR[view.status]} data-testid="workflow-status" style={{ marginInlineEnd: 0 }}>
          {WORKFLOW_STATUS[view.status]}
        </Tag>
        <span className="workflow-bar-meta">
          {view.workflow.name}
          {view.version > 0 ? ` · 第 ${view.version} 次流转` : ''}
        </span>
        <div className="workflow-bar-actions">
          {view.actions.map((action) => (
            <Button
              key={action}
              size="small"
              type={action === 'return' || action === 'withdraw' ? 'default' : 'primary'}
              danger={action === 'return'}
              loading={busy === action}
              disabled={!!busy && busy !== action}
              onClick={() => ask(action)}
              data-testid={`workflow-${action}`}
            >
              {labelOf(action)}
            </Button>
          ))}
          <Button size="small" icon={<HistoryOutlined />} onClick={() => setHistory({ loaded: true, open: true })} data-testid="open-history">
            版本记录
          </Button>
        </div>
      </div>
      <Steps className="workflow-steps" size="small" current={current} items={items} status={returned ? 'error' : 'process'} data-testid="workflow-steps" />
      <Banner view={view} readOnly={readOnly} index={index} onHistory={() => setHistory({ loaded: true, open: true })} projectId={projectId} />
      {/* mounted only once needed (see ReviewLayer: no server-rendered boundary to update mid-hydration) */}
      {(returning.loaded || history.loaded) && (
        <Suspense fallback={null}>
          {returning.loaded && (
            <ReturnDialog
              open={returning.open}
              view={view}
              busy={busy === 'return'}
              onCancel={() => setReturning((r) => ({ ...r, open: false }))}
              onSubmit={async (input) => {
                if (await run('return', input)) setReturning((r) => ({ ...r, open: false }));
              }}
            />
          )}
          {history.loaded && <HistoryDrawer open={history.open} projectId={projectId} view={view} onClose={() => setHistory((h) => ({ ...h, open: false }))} />}
        </Suspense>
      )}
    </section>
  );
}

function doneMessage(action: WorkflowAction, next: WorkflowView): string {
  switch (action) {
    case 'submit':
      return `已提交，当前环节：${whereLabel(next)}`;
    case 'approve':
      return next.status === 'approved' ? '已批复' : `审核通过，已送至“${whereLabel(next)}”`;
    case 'return':
      return `已退回至“${whereLabel(next)}”`;
    case 'withdraw':
      return '已撤回，可继续修改';
    case 'publish':
      return '已公开';
  }
}

const ENDS_SENTENCE = /[。！？.!?；;]\s*$/;

function Banner({ view, readOnly, index, onHistory, projectId }: { view: WorkflowView; readOnly: boolean; index: number; onHistory(): void; projectId: string }) {
  const returned = view.lastAction === 'return' && !!view.returnReason;
  const stageName = whereLabel(view);
  const history = (
    <Button type="link" size="small" onClick={onHistory} style={{ padding: 0, height: 'auto' }}>
      查看修改记录
    </Button>
  );
  if (returned) {
    const first = index === 0;
    return (
      <Alert
        className="workflow-banner"
        data-testid="workflow-banner"
        data-kind="returned"
        type="warning"
        showIcon
        message={
          <span>
            {first ? '已退回' : `已退回至“${stageName}”`}：<span className="reason" data-testid="return-reason">{view.returnReason}</span>
            {first && !readOnly ? `${ENDS_SENTENCE.test(view.returnReason ?? '') ? '' : '。'}请修改后重新提交。` : ''}
          </span>
        }
        action={history}
      />
    );
  }
  if (view.status === 'review') {
    const acting = view.actions.includes('approve');
    return (
      <Alert
        className="workflow-banner"
        data-testid="workflow-banner"
        data-kind="review"
        type="info"
        showIcon
        message={`此表已提交，当前环节：${stageName}${readOnly ? '（只读）' : ''}`}
        description={acting ? '您是本环节的办理人：审核后可审核通过，或填写原因退回。如本环节要求签署，请先签署全部指标（见右侧“签署情况”）。' : undefined}
        action={history}
      />
    );
  }
  if (view.status === 'approved') {
    return (
      <Alert
        className="workflow-banner"
        data-testid="workflow-banner"
        data-kind="approved"
        type="success"
        showIcon
        message="此表已批复（只读），批复时的内容已保存为正式版本，待公开"
        action={history}
      />
    );
  }
  if (view.status === 'published') {
    return (
      <Alert
        className="workflow-banner"
        data-testid="workflow-banner"
        data-kind="published"
        type="success"
        showIcon
        message={
          <span>
            此表已公开（只读）。
            <a href={`/public/${encodeURIComponent(projectId)}`} target="_blank" rel="noopener noreferrer">
              查看公开页面
            </a>
          </span>
        }
        action={history}
      />
    );
  }
  return null;
}
