/**
 * The form of one workflow definition: name, the unit (and below) it applies to, optionally a
 * year and a table kind, and its ordered stages. Each stage names who acts on it (a role at the
 * implementing unit, the supervising department or the finance bureau), who may edit the table
 * while it is there (none: locked), whether every indicator must be signed off before it moves
 * on, and which earlier stages a return may go to. Only the order is kept honest here (returns
 * never point forward after a move); every other rule is core's, and its message is shown.
 */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import type { Stage, StageParty } from '@jixiao/core';
import { Alert, Button, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';

export type Kind = 'target' | 'self_eval';

export interface WorkflowDraft {
  /** absent: a new definition */
  id?: string;
  name: string;
  unitId: string;
  year: number | null;
  kind: Kind | null;
  stages: Stage[];
}

export interface PartyLabels {
  stageUnits: Record<StageParty['at'], string>;
  roles: Record<StageParty['role'], string>;
}

export const KIND_LABELS: Record<Kind, string> = { target: '绩效目标表', self_eval: '绩效自评表' };

const partyKey = (p: StageParty) => `${p.at}.${p.role}`;
function partyOf(key: string): StageParty {
  const [at, role] = key.split('.') as [StageParty['at'], StageParty['role']];
  return { at, role };
}

export function partyLabel(labels: PartyLabels, p: StageParty): string {
  return `${labels.stageUnits[p.at]} · ${labels.roles[p.role]}`;
}

/** 实施单位 / 主管部门 / 财政部门 × 填报人 / 审核人 / 审批人, grouped by where they sit. */
function partyOptions(labels: PartyLabels) {
  return (Object.keys(labels.stageUnits) as StageParty['at'][]).map((at) => ({
    label: labels.stageUnits[at],
    title: labels.stageUnits[at],
    options: (Object.keys(labels.roles) as StageParty['role'][]).map((role) => ({
      value: partyKey({ at, role }),
      label: partyLabel(labels, { at, role }),
    })),
  }));
}

/** Returns point only to stages before their own (kept after a move or a removal). */
function keepReturnsBackward(stages: Stage[]): Stage[] {
  return stages.map((s, i) => {
    const before = new Set(stages.slice(0, i).map((e) => e.id));
    const returnTo = s.returnTo.filter((id) => before.has(id));
    return returnTo.length === s.returnTo.length ? s : { ...s, returnTo };
  });
}

/** An id no stage of the draft has (ids stay stable across edits: tables in flight refer to them). */
function freshStageId(stages: readonly Stage[]): string {
  const used = new Set(stages.map((s) => s.id));
  let n = stages.length + 1;
  while (used.has(`s${n}`)) n++;
  return `s${n}`;
}

export function WorkflowEditor(props: {
  draft: WorkflowDraft;
  onChange: (draft: WorkflowDraft) => void;
  labels: PartyLabels;
  units: { value: string; label: string; title: string }[];
  readOnly?: boolean;
  error?: string | null;
}) {
  const { draft, onChange, labels, units, readOnly, error } = props;
  const options = partyOptions(labels);
  const setStages = (stages: Stage[]) => onChange({ ...draft, stages: keepReturnsBackward(stages) });
  const setStage = (index: number, patch: Partial<Stage>) =>
    setStages(draft.stages.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...draft.stages];
    const [s] = next.splice(index, 1);
    next.splice(index + by, 0, s!);
    setStages(next);
  };
  const addStage = () =>
    setStages([
      ...draft.stages,
      {
        id: freshStageId(draft.stages),
        name: '',
        actor: { role: 'reviewer', at: 'finance' },
        editors: [],
        requireSignoff: false,
        returnTo: [],
      },
    ]);

  return (
    <div data-testid="workflow-editor">
      {error && (
        <Alert
          type="error"
          showIcon
          message="流程未保存"
          description={<span data-testid="workflow-error">{error}</span>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form layout="vertical" requiredMark={false} disabled={readOnly} component="div">
        <Row gutter={16}>
          <Col xs={24} md={9}>
            <Form.Item label="流程名称" required>
              <Input
                aria-label="流程名称"
                value={draft.name}
                maxLength={60}
                placeholder="如：市级项目支出绩效目标审批流程"
                onChange={(e) => onChange({ ...draft, name: e.target.value })}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={7}>
            <Form.Item label="适用单位（含下级单位）" required>
              {readOnly ? (
                <Input value="全部单位（未单独设置流程时使用）" aria-label="适用单位" />
              ) : (
                <Select
                  aria-label="适用单位"
                  value={draft.unitId || undefined}
                  placeholder="选择单位"
                  popupMatchSelectWidth={false}
                  onChange={(unitId) => onChange({ ...draft, unitId })}
                  options={units}
                />
              )}
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item label="年度">
              <InputNumber
                aria-label="年度"
                value={draft.year}
                min={2000}
                max={2100}
                placeholder="不限"
                style={{ width: '100%' }}
                onChange={(year) => onChange({ ...draft, year: typeof year === 'number' ? year : null })}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item label="表类型">
              <Select
                aria-label="表类型"
                value={draft.kind ?? ''}
                onChange={(kind) => onChange({ ...draft, kind: (kind || null) as Kind | null })}
                options={[
                  { value: '', label: '不限' },
                  ...Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label })),
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>

      <Typography.Title level={5} style={{ margin: '4px 0 8px' }}>
        审批环节（按顺序流转）
      </Typography.Title>
      <Table<Stage>
        size="small"
        bordered
        rowKey="id"
        pagination={false}
        dataSource={draft.stages}
        tableLayout="fixed"
        data-testid="stage-table"
        rowClassName={() => 'stage-row'}
        columns={[
          {
            title: '序号',
            width: 52,
            align: 'center',
            render: (_, __, i) => i + 1,
          },
          {
            title: '环节名称',
            width: 150,
            render: (_, s, i) => (
              <Input
                aria-label={`第 ${i + 1} 环节名称`}
                value={s.name}
                maxLength={30}
                placeholder="如：财政审核"
                disabled={readOnly}
                onChange={(e) => setStage(i, { name: e.target.value })}
              />
            ),
          },
          {
            title: '办理人',
            width: 170,
            render: (_, s, i) => (
              <Select
                aria-label={`第 ${i + 1} 环节办理人`}
                value={partyKey(s.actor)}
                disabled={readOnly}
                style={{ width: '100%' }}
                popupMatchSelectWidth={false}
                onChange={(key) => setStage(i, { actor: partyOf(key) })}
                options={options}
              />
            ),
          },
          {
            title: (
              <Tooltip title="本环节期间可以修改表内容的人员；不选则表被锁定，只能批注和签署">
                <span>可编辑人员</span>
              </Tooltip>
            ),
            render: (_, s, i) =>
              readOnly && s.editors.length === 0 ? (
                <Tag icon={<LockOutlined />}>锁定</Tag>
              ) : (
                <Select
                  mode="multiple"
                  aria-label={`第 ${i + 1} 环节可编辑人员`}
                  value={s.editors.map(partyKey)}
                  disabled={readOnly}
                  placeholder={
                    <span>
                      <LockOutlined /> 锁定（无人可编辑）
                    </span>
                  }
                  style={{ width: '100%' }}
                  popupMatchSelectWidth={false}
                  onChange={(keys: string[]) => setStage(i, { editors: keys.map(partyOf) })}
                  options={options}
                />
              ),
          },
          {
            title: (
              <Tooltip title="离开本环节（提交或审核通过）前，每个指标都须有未过期的签署">
                <span>须全部签署</span>
              </Tooltip>
            ),
            width: 92,
            align: 'center',
            render: (_, s, i) => (
              <Switch
                aria-label={`第 ${i + 1} 环节须全部签署`}
                checked={s.requireSignoff}
                disabled={readOnly}
                onChange={(requireSignoff) => setStage(i, { requireSignoff })}
              />
            ),
          },
          {
            title: (
              <Tooltip title="本环节可以退回到的前序环节；第一个环节始终可以退回">
                <span>可退回至</span>
              </Tooltip>
            ),
            width: 280,
            render: (_, s, i) =>
              i === 0 ? (
                <Typography.Text type="secondary">—（首个环节）</Typography.Text>
              ) : (
                <Select
                  mode="multiple"
                  aria-label={`第 ${i + 1} 环节可退回至`}
                  value={s.returnTo}
                  disabled={readOnly}
                  placeholder={`仅“${draft.stages[0]?.name || '第一个环节'}”`}
                  style={{ width: '100%' }}
                  popupMatchSelectWidth={false}
                  onChange={(returnTo: string[]) => setStage(i, { returnTo })}
                  options={draft.stages.slice(0, i).map((e, j) => ({ value: e.id, label: e.name || `第 ${j + 1} 环节` }))}
                />
              ),
          },
          ...(readOnly
            ? []
            : [
                {
                  title: '操作',
                  width: 104,
                  align: 'center' as const,
                  render: (_: unknown, __: Stage, i: number) => (
                    <Space size={0}>
                      <Tooltip title="上移">
                        <Button
                          type="text"
                          size="small"
                          icon={<ArrowUpOutlined />}
                          aria-label={`上移第 ${i + 1} 环节`}
                          disabled={i === 0}
                          onClick={() => move(i, -1)}
                        />
                      </Tooltip>
                      <Tooltip title="下移">
                        <Button
                          type="text"
                          size="small"
                          icon={<ArrowDownOutlined />}
                          aria-label={`下移第 ${i + 1} 环节`}
                          disabled={i === draft.stages.length - 1}
                          onClick={() => move(i, 1)}
                        />
                      </Tooltip>
                      <Tooltip title="删除">
                        <Button
                          type="text"
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={`删除第 ${i + 1} 环节`}
                          onClick={() => setStages(draft.stages.filter((_, j) => j !== i))}
                        />
                      </Tooltip>
                    </Space>
                  ),
                },
              ]),
        ]}
      />
      {!readOnly && (
        <Button icon={<PlusOutlined />} type="dashed" block style={{ marginTop: 8 }} onClick={addStage} disabled={draft.stages.length >= 12}>
          添加环节
        </Button>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
        最后一个环节的办理人审核通过即为批复，并由其公开。流程至少两个环节，最多十二个；第一个环节须有可编辑人员。
      </Typography.Paragraph>
    </div>
  );
}
