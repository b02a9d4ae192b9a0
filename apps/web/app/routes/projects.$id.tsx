import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { FileExcelOutlined, MessageOutlined, PrinterOutlined } from '@ant-design/icons';
import { Badge, Button, Space } from 'antd';
import { useMemo } from 'react';
import { ChecklistPanel } from '../components/ChecklistPanel';
import { Panel } from '../components/Panel';
import { ConnectionBar } from '../components/ConnectionBar';
import { UndoButtons } from '../components/UndoButtons';
import { GoalEditor } from '../components/GoalEditor';
import { HeaderForm } from '../components/HeaderForm';
import { IndicatorGrid } from '../components/IndicatorGrid';
import { TopBar } from '../components/TopBar';
import { ReviewLayer, SectionMarks, useReview } from '../components/review/ReviewLayer';
import { WorkflowBar } from '../components/workflow/WorkflowBar';
import { useChecked } from '../lib/use-checked';
import { type Focus, type Peer, useCollab } from '../lib/use-collab';
import { useWorkflow } from '../lib/workflow/use-workflow';
import type { loader } from './projects.$id.server';

export { loader } from './projects.$id.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.project.name} · 绩效` : '绩效' },
];

const NO_PEERS: Peer[] = [];

export default function ProjectPage() {
  const { project, snapshot, me, user, canSign, workflow: initialWorkflow } = useLoaderData<typeof loader>();
  // follows the workflow without a reload: a step revalidates the loader, and access with it
  const readOnly = project.access !== 'edit';
  const workflow = useWorkflow(project.id, initialWorkflow);
  const stableMe = useMemo(() => ({ id: me.id, name: me.name }), [me.id, me.name]);
  const collab = useCollab(project.id, stableMe);
  // until the live document has synced, everything shows the server's copy, read-only
  const table = collab?.loaded ? collab.table : null;
  const checked = useChecked(table, snapshot);
  // where colleagues are is only known while connected: offline, their outlines would be stale
  const peers = collab?.state === 'connected' ? collab.peers : NO_PEERS;
  const setFocus = collab?.setFocus ?? ignoreFocus;
  const review = useReview({ projectId: project.id, me: stableMe, canSign: canSign ?? false, table: checked.json });

  return (
    <>
      <TopBar user={user} />
      <div className="page">
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
            <div>
              <h3 className="editor-title">项目支出预算绩效目标表</h3>
              <span className="editor-subtitle">
                {project.name} · {project.year}年度 · {project.unitName}
              </span>
              <Space size={4} style={{ marginLeft: 12 }}>
                <Button size="small" icon={<FileExcelOutlined />} href={`/api/projects/${project.id}/export.xlsx`} download data-testid="export-xlsx">
                  导出 Excel
                </Button>
                <Button size="small" icon={<PrinterOutlined />} href={`/projects/${project.id}/print`} target="_blank" rel="noopener" data-testid="print-link">
                  打印
                </Button>
              </Space>
            </div>
            <Space size={8} wrap>
              <Badge count={review.openThreads} size="small" offset={[-4, 4]}>
                <Button size="small" icon={<MessageOutlined />} onClick={review.openAll} data-testid="open-threads">
                  讨论
                </Button>
              </Badge>
              {!readOnly && <UndoButtons undo={collab?.undo ?? null} canUndo={collab?.canUndo ?? false} canRedo={collab?.canRedo ?? false} />}
              <ConnectionBar state={collab?.state ?? 'connecting'} readOnly={readOnly} peers={peers} notice={collab?.notice ?? null} saved={collab?.saved ?? null} />
            </Space>
          </Space>
          <WorkflowBar workflow={workflow} projectId={project.id} projectName={project.name} readOnly={readOnly} />
          <div className="editor-layout">
            <div>
              <Space direction="vertical" size={16} style={{ width: '100%' }}>
                <Panel title={<SectionMarks title="项目基本信息" review={review} sections={['basic', 'money']} />}>
                  <HeaderForm table={table} snapshot={snapshot.header} readOnly={readOnly} markers={checked.markers} comments={review.fieldComments} />
                </Panel>
                <Panel title={<SectionMarks title="年度总体绩效目标" review={review} sections={['goal']} />}>
                  <GoalEditor
                    table={table}
                    initial={snapshot.goal}
                    readOnly={readOnly}
                    peers={peers}
                    marker={checked.markers.get('goal')}
                    onFocus={setFocus}
                    comments={review.goalComments}
                  />
                </Panel>
                <Panel title="绩效指标">
                  <IndicatorGrid
                    table={table}
                    snapshot={snapshot.indicators}
                    readOnly={readOnly}
                    peers={peers}
                    markers={checked.markers}
                    awareness={collab?.provider.awareness}
                    onFocus={setFocus}
                    review={review.rows}
                    reviewHandlers={review.rowHandlers}
                  />
                </Panel>
              </Space>
            </div>
            <div>
              <div style={{ position: 'sticky', top: 16 }}>
                <Space direction="vertical" size={16} style={{ width: '100%' }}>
                  {review.summaryPanel}
                  <ChecklistPanel findings={checked.findings} table={checked.json} />
                </Space>
              </div>
            </div>
          </div>
        </Space>
      </div>
      <ReviewLayer review={review} />
    </>
  );
}

function ignoreFocus(_focus: Focus | null) {}
