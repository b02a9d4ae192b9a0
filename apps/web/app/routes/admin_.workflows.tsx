/**
 * 审批流程 (admin): the definitions of the units an admin manages, the built-in default first as
 * a read-only template to copy; a drawer creates or edits one (editing adds a version; tables in
 * flight keep theirs), and 停用 stops assigning one to new tables.
 */
import { CopyOutlined, EditOutlined, EyeOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import type { Stage, WorkflowDefinitionView } from '@jixiao/core';
import type { MetaFunction } from '@remix-run/node';
import { useFetcher, useLoaderData } from '@remix-run/react';
import { App, Alert, Button, Card, Drawer, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { StageFlow } from '../components/admin/StageFlow';
import { KIND_LABELS, type Kind, type WorkflowDraft, WorkflowEditor, partyLabel } from '../components/admin/WorkflowEditor';
import { TopBar } from '../components/TopBar';
import type { action, loader } from './admin_.workflows.server';

export { action, loader } from './admin_.workflows.server';

export const meta: MetaFunction = () => [{ title: '审批流程 · 管理 · 绩效' }];

type Editing = { draft: WorkflowDraft; readOnly: boolean; title: string; version?: number; inFlight?: number };

const copyStages = (stages: readonly Stage[]): Stage[] =>
  stages.map((s) => ({ ...s, actor: { ...s.actor }, editors: s.editors.map((e) => ({ ...e })), returnTo: [...s.returnTo] }));

export default function AdminWorkflows() {
  const { user, definitions, units, stageUnits, roles } = useLoaderData<typeof loader>();
  const labels = { stageUnits, roles };
  const fetcher = useFetcher<typeof action>();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = fetcher.state !== 'idle';
  const defaultUnit = units[0]?.value ?? '';

  // a saved form closes its drawer; a refused one shows why beside the form
  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== 'idle' || !result) return;
    if (result.ok) {
      message.success(result.message);
      if (result.intent === 'save') setEditing(null);
      setError(null);
    } else if (result.intent === 'save') {
      setError(result.error);
    } else {
      message.error(result.error);
    }
  }, [fetcher.state, fetcher.data, message]);

  const describe = (s: Stage) =>
    `办理人：${partyLabel(labels, s.actor)}；可编辑：${s.editors.length ? s.editors.map((e) => partyLabel(labels, e)).join('、') : '锁定'}${s.requireSignoff ? '；须全部签署' : ''}`;

  function open(next: Editing) {
    setError(null);
    setEditing(next);
  }
  const copyOf = (d: WorkflowDefinitionView): Editing => ({
    title: `新建审批流程（复制自“${d.name}”）`,
    readOnly: false,
    draft: {
      name: d.builtIn ? '' : `${d.name}（副本）`,
      unitId: d.unit?.id ?? defaultUnit,
      year: d.year,
      kind: d.kind,
      stages: copyStages(d.stages),
    },
  });
  const builtIn = definitions.find((d) => d.builtIn);

  function save() {
    if (!editing) return;
    const { id, ...input } = editing.draft;
    const payload = { ...input, name: input.name.trim(), stages: input.stages.map((s) => ({ ...s, name: s.name.trim() })) };
    fetcher.submit({ intent: 'save', id: id ?? '', payload: JSON.stringify(payload) }, { method: 'post' });
  }

  return (
    <>
      <TopBar user={user} />
      <div className="page">
        <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} align="center">
          <div>
            <Typography.Title level={4} style={{ margin: 0 }}>
              审批流程
            </Typography.Title>
            <Typography.Text type="secondary">
              为所管理的单位设置绩效目标表的审核环节；未单独设置的单位使用内置的默认流程。修改流程会生成新版本，已在流转中的表按原版本完成。
            </Typography.Text>
          </div>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="new-workflow"
            disabled={!units.length}
            onClick={() => builtIn && open(copyOf(builtIn))}
          >
            新建流程
          </Button>
        </Space>
        <Card size="small" title="流程列表">
          <Table<WorkflowDefinitionView>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={definitions}
            data-testid="workflow-list"
            tableLayout="fixed"
            columns={[
              {
                title: '流程名称',
                width: 220,
                render: (_, d) => (
                  <Space size={4} wrap>
                    <span data-testid="workflow-name">{d.name}</span>
                    {d.builtIn && <Tag color="default">内置 · 只读</Tag>}
                  </Space>
                ),
              },
              {
                title: '适用单位',
                width: 190,
                ellipsis: { showTitle: false },
                render: (_, d) => (
                  <Tooltip title={d.unit?.name ?? '全部单位'} placement="topLeft">
                    <span>{d.unit ? d.unit.name : '全部单位（默认）'}</span>
                  </Tooltip>
                ),
              },
              { title: '年度', width: 70, render: (_, d) => d.year ?? '不限' },
              { title: '表类型', width: 96, render: (_, d) => (d.kind ? KIND_LABELS[d.kind as Kind] : '不限') },
              { title: '审批环节', render: (_, d) => <StageFlow stages={d.stages} describe={describe} /> },
              { title: '版本', width: 70, align: 'center', render: (_, d) => `第 ${d.version} 版` },
              {
                title: (
                  <Tooltip title="填报中或审核中、按此流程流转的表">
                    <span>流转中</span>
                  </Tooltip>
                ),
                width: 72,
                align: 'right',
                render: (_, d) => `${d.tablesInFlight} 张`,
              },
              {
                title: '操作',
                width: 200,
                render: (_, d) =>
                  d.builtIn ? (
                    <Space size={0}>
                      <Button
                        type="link"
                        size="small"
                        icon={<EyeOutlined />}
                        onClick={() =>
                          open({ title: d.name, readOnly: true, version: d.version, draft: { ...copyOf(d).draft, name: d.name } })
                        }
                      >
                        查看
                      </Button>
                      <Button type="link" size="small" icon={<CopyOutlined />} disabled={!units.length} onClick={() => open(copyOf(d))}>
                        以此为模板新建
                      </Button>
                    </Space>
                  ) : (
                    <Space size={0}>
                      <Button
                        type="link"
                        size="small"
                        icon={<EditOutlined />}
                        aria-label={`编辑：${d.name}`}
                        onClick={() =>
                          open({
                            title: `编辑：${d.name}`,
                            readOnly: false,
                            version: d.version,
                            inFlight: d.tablesInFlight,
                            draft: { id: d.id, name: d.name, unitId: d.unit?.id ?? defaultUnit, year: d.year, kind: d.kind, stages: copyStages(d.stages) },
                          })
                        }
                      >
                        编辑
                      </Button>
                      <Button type="link" size="small" icon={<CopyOutlined />} onClick={() => open(copyOf(d))}>
                        复制
                      </Button>
                      <Popconfirm
                        title="停用流程"
                        description={`停用“${d.name}”？新表将改用上级或默认流程，流转中的 ${d.tablesInFlight} 张表按原流程完成。`}
                        okText="停用"
                        okButtonProps={{ danger: true }}
                        cancelText="取消"
                        onConfirm={() => fetcher.submit({ intent: 'archive', id: d.id }, { method: 'post' })}
                      >
                        <Button type="link" size="small" danger icon={<StopOutlined />}>
                          停用
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
              },
            ]}
          />
          {definitions.length === 1 && (
            <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }} data-testid="workflow-empty">
              尚未为单位设置专门的审批流程，所有表都按默认流程流转。可点击“以此为模板新建”从默认流程开始调整。
            </Typography.Paragraph>
          )}
        </Card>
      </div>
      <Drawer
        open={!!editing}
        title={editing?.title}
        width="min(1180px, 100vw)"
        onClose={() => setEditing(null)}
        destroyOnHidden
        extra={
          editing?.readOnly ? (
            <Button type="primary" icon={<CopyOutlined />} onClick={() => builtIn && open(copyOf(builtIn))}>
              以此为模板新建
            </Button>
          ) : (
            <Space>
              <Button onClick={() => setEditing(null)}>取消</Button>
              <Button type="primary" loading={busy} onClick={save} data-testid="save-workflow">
                保存
              </Button>
            </Space>
          )
        }
      >
        {editing && (
          <>
            {editing.readOnly && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                message="内置的默认流程不能修改"
                description="未单独设置流程的单位都按此流程审批。如需调整，请以此为模板为单位新建流程。"
              />
            )}
            {!editing.readOnly && editing.draft.id && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 16 }}
                message={`保存后生成第 ${(editing.version ?? 0) + 1} 版`}
                description={
                  editing.inFlight
                    ? `已在流转中的 ${editing.inFlight} 张表仍按第 ${editing.version} 版完成；之后提交的表使用新版本。`
                    : '之后提交的表使用新版本。'
                }
              />
            )}
            <WorkflowEditor
              draft={editing.draft}
              readOnly={editing.readOnly}
              labels={labels}
              units={units}
              error={error}
              onChange={(draft) => setEditing({ ...editing, draft })}
            />
          </>
        )}
      </Drawer>
    </>
  );
}
