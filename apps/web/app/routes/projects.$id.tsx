import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { checkTable } from '@jixiao/table';
import { FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Skeleton, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { ChecklistPanel } from '../components/ChecklistPanel';
import { markersOf } from '../lib/findings';
import { ConnectionBar } from '../components/ConnectionBar';
import { UndoButtons } from '../components/UndoButtons';
import { GoalEditor } from '../components/GoalEditor';
import { HeaderForm } from '../components/HeaderForm';
import { IndicatorGrid } from '../components/IndicatorGrid';
import { TopBar } from '../components/TopBar';
import { type Peer, useCollab } from '../lib/use-collab';
import type { loader } from './projects.$id.server';

export { loader } from './projects.$id.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.project.name} · 绩效` : '绩效' },
];

const EMPTY = new Map();
const NO_PEERS: Peer[] = [];

export default function ProjectPage() {
  const { project, me, user } = useLoaderData<typeof loader>();
  const readOnly = project.access !== 'edit';
  const stableMe = useMemo(() => ({ id: me.id, name: me.name }), [me.id, me.name]);
  const collab = useCollab(project.id, stableMe);
  // rules re-run on every document change, not on presence changes (a few hundred rows at most)
  const table = collab?.synced ? collab.table : null;
  const version = collab?.version;
  // where colleagues are is only known while connected: offline, their outlines would be stale
  const peers = collab?.state === 'connected' ? collab.peers : NO_PEERS;
  const checked = useMemo(() => {
    if (!table || version === undefined) return null;
    const json = table.toJSON();
    const findings = checkTable(json);
    return { json, findings, markers: markersOf(findings, json) };
  }, [table, version]);

  return (
    <>
      <TopBar user={user} />
      <div className="page">
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
            <div>
              <Typography.Title level={3} style={{ margin: 0 }}>
                项目支出预算绩效目标表
              </Typography.Title>
              <Typography.Text type="secondary">
                {project.name} · {project.year}年度 · {project.unitName}
              </Typography.Text>
              <Space size={4} style={{ marginLeft: 12 }}>
                <Button size="small" icon={<FileExcelOutlined />} href={`/api/projects/${project.id}/export.xlsx`} download data-testid="export-xlsx">
                  导出 Excel
                </Button>
                <Button size="small" icon={<PrinterOutlined />} href={`/projects/${project.id}/print`} target="_blank" rel="noopener" data-testid="print-link">
                  打印
                </Button>
              </Space>
            </div>
            {collab && (
              <Space size={8} wrap>
                {!readOnly && <UndoButtons undo={collab.undo} canUndo={collab.canUndo} canRedo={collab.canRedo} />}
                <ConnectionBar state={collab.state} readOnly={readOnly} peers={peers} notice={collab.notice} saved={collab.saved} />
              </Space>
            )}
          </Space>
          {!collab || !collab.synced ? (
            <Card>
              <Skeleton active paragraph={{ rows: 8 }} />
              <Typography.Text type="secondary">正在加载表格…</Typography.Text>
            </Card>
          ) : (
            <Row gutter={16}>
              <Col xs={24} xl={18}>
                <Space direction="vertical" size={16} style={{ width: '100%' }}>
                  <Card title="项目基本信息" size="small">
                    <HeaderForm table={collab.table} readOnly={readOnly} markers={checked?.markers ?? EMPTY} />
                  </Card>
                  <Card title="年度总体绩效目标" size="small">
                    <GoalEditor
                      table={collab.table}
                      readOnly={readOnly}
                      peers={peers}
                      marker={checked?.markers.get('goal')}
                      onFocus={collab.setFocus}
                    />
                  </Card>
                  <Card title="绩效指标" size="small">
                    <IndicatorGrid
                      table={collab.table}
                      readOnly={readOnly}
                      peers={peers}
                      markers={checked?.markers ?? EMPTY}
                      awareness={collab.provider.awareness}
                      onFocus={collab.setFocus}
                    />
                  </Card>
                </Space>
              </Col>
              <Col xs={24} xl={6}>
                <div style={{ position: 'sticky', top: 16 }}>
                  {checked && <ChecklistPanel findings={checked.findings} table={checked.json} />}
                </div>
              </Col>
            </Row>
          )}
        </Space>
      </div>
    </>
  );
}
