import { ROLES, UNIT_KINDS, UNIT_LEVELS } from '@jixiao/core/roles';
import type { MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react';
import { Alert, Button, Card, Col, Input, Popconfirm, Row, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { TopBar } from '../components/TopBar';
import type { action, loader } from './admin.server';

export { action, loader } from './admin.server';

export const meta: MetaFunction = () => [{ title: '管理 · 绩效' }];

const roleOptions = Object.entries(ROLES).map(([value, label]) => ({ value, label }));
type RoleKey = keyof typeof ROLES;

/** A cell that stays on one line: the full text on hover when it does not fit. */
function OneLine({ text }: { text: string }) {
  return (
    <Tooltip title={text} placement="topLeft">
      <span>{text}</span>
    </Tooltip>
  );
}

/** Unit options of the selectors: the full name as the option's title (units have long names). */
function unitOptions(units: { id: string; name: string }[]) {
  return units.map((u) => ({ value: u.id, label: u.name, title: u.name }));
}

const blankUnit = (parentId: string) => ({ kind: 'department', level: 'city', parentId, oversees: [] as string[] });
const blankUser = (unitId: string) => ({ unitId, role: 'editor' });

export default function Admin() {
  const { user, units, users } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyIntent = navigation.state !== 'idle' ? navigation.formData?.get('intent') : null;
  const adminUnits = unitOptions(units.filter((u) => u.canAdmin));
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const firstUnit = adminUnits[0]?.value ?? '';
  const [unit, setUnit] = useState(blankUnit(firstUnit));
  const [newUser, setNewUser] = useState(blankUser(firstUnit));
  const [grant, setGrant] = useState<Record<string, { unitId: string; role: string }>>({});
  // a form that succeeded starts empty again (new key: its inputs mount afresh)
  const [unitFormKey, setUnitFormKey] = useState(0);
  const [userFormKey, setUserFormKey] = useState(0);
  useEffect(() => {
    if (!result || !('ok' in result)) return;
    if (result.intent === 'unit') {
      setUnitFormKey((k) => k + 1);
      setUnit(blankUnit(firstUnit));
    } else if (result.intent === 'user') {
      setUserFormKey((k) => k + 1);
      setNewUser(blankUser(firstUnit));
    } else if (result.intent === 'role') {
      setGrant({});
    }
  }, [result, firstUnit]);

  return (
    <>
      <TopBar user={user} />
      <div className="page">
        <Space style={{ marginBottom: 12 }} wrap>
          <Link to="/admin/workflows">审批流程设置 →</Link>
          <Link to="/admin/audit">审计日志 →</Link>
        </Space>
        {result && 'ok' in result && <Alert type="success" showIcon message={result.ok} style={{ marginBottom: 16 }} />}
        {result && 'error' in result && <Alert type="error" showIcon message={result.error} style={{ marginBottom: 16 }} />}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <Card title="单位" size="small">
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={units}
                tableLayout="fixed"
                columns={[
                  {
                    title: '名称',
                    dataIndex: 'name',
                    ellipsis: { showTitle: false },
                    render: (name: string) => <OneLine text={name} />,
                  },
                  {
                    title: '类型',
                    dataIndex: 'kind',
                    width: 84,
                    render: (k: keyof typeof UNIT_KINDS) => UNIT_KINDS[k],
                  },
                  {
                    title: '级别',
                    dataIndex: 'level',
                    width: 84,
                    render: (l: keyof typeof UNIT_LEVELS) => UNIT_LEVELS[l],
                  },
                  {
                    title: '上级',
                    dataIndex: 'parentId',
                    width: '32%',
                    ellipsis: { showTitle: false },
                    render: (p: string | null) => (p ? <OneLine text={unitName.get(p) ?? ''} /> : '—'),
                  },
                ]}
              />
              <Form method="post" style={{ marginTop: 16 }} key={unitFormKey} data-testid="unit-form">
                <input type="hidden" name="intent" value="unit" />
                <input type="hidden" name="kind" value={unit.kind} />
                <input type="hidden" name="level" value={unit.level} />
                <input type="hidden" name="parentId" value={unit.parentId} />
                <input type="hidden" name="oversees" value={unit.oversees.join(',')} />
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Input name="name" placeholder="新单位名称，如：银川市医疗保障局" aria-label="单位名称" required />
                  <Space wrap>
                    <Select
                      aria-label="单位类型"
                      value={unit.kind}
                      style={{ width: 120 }}
                      onChange={(kind) => setUnit({ ...unit, kind })}
                      options={Object.entries(UNIT_KINDS).map(([value, label]) => ({ value, label }))}
                    />
                    <Select
                      aria-label="级别"
                      value={unit.level}
                      style={{ width: 120 }}
                      onChange={(level) => setUnit({ ...unit, level })}
                      options={Object.entries(UNIT_LEVELS).map(([value, label]) => ({ value, label }))}
                    />
                    <Select
                      aria-label="上级单位"
                      value={unit.parentId}
                      style={{ width: 240 }}
                      popupMatchSelectWidth={false}
                      onChange={(parentId) => setUnit({ ...unit, parentId })}
                      options={[{ value: '', label: '（无上级）', title: '无上级单位' }, ...adminUnits]}
                    />
                  </Space>
                  {unit.kind === 'finance' && (
                    <Select
                      mode="multiple"
                      aria-label="监管单位"
                      placeholder="监管的单位"
                      value={unit.oversees}
                      style={{ width: '100%' }}
                      onChange={(oversees) => setUnit({ ...unit, oversees })}
                      options={unitOptions(units)}
                    />
                  )}
                  <Button type="primary" htmlType="submit" loading={busyIntent === 'unit'}>
                    新建单位
                  </Button>
                </Space>
              </Form>
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            <Card title="用户与角色" size="small">
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={users}
                tableLayout="fixed"
                columns={[
                  {
                    title: '姓名',
                    dataIndex: 'name',
                    width: 96,
                    ellipsis: { showTitle: false },
                    render: (name: string) => <OneLine text={name} />,
                  },
                  {
                    title: '邮箱',
                    dataIndex: 'email',
                    width: 180,
                    ellipsis: { showTitle: false },
                    render: (email: string) => <OneLine text={email} />,
                  },
                  {
                    title: '角色',
                    render: (_, u) => (
                      <Space direction="vertical" size={6} style={{ width: '100%' }}>
                        <Space size={[4, 4]} wrap>
                          {u.roles.map((r) => (
                            <RoleTag
                              key={`${r.unitId}-${r.role}`}
                              userId={u.id}
                              userName={u.name}
                              unitId={r.unitId}
                              unitName={r.unitName}
                              role={r.role}
                            />
                          ))}
                          {u.roles.length === 0 && <span style={{ color: '#999' }}>（无角色）</span>}
                        </Space>
                        <Form method="post" style={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
                          <input type="hidden" name="intent" value="role" />
                          <input type="hidden" name="userId" value={u.id} />
                          <input type="hidden" name="granted" value="1" />
                          <input type="hidden" name="unitId" value={grant[u.id]?.unitId ?? firstUnit} />
                          <input type="hidden" name="role" value={grant[u.id]?.role ?? 'reviewer'} />
                          <Select
                            size="small"
                            aria-label="授予角色的单位"
                            style={{ width: 200 }}
                            popupMatchSelectWidth={false}
                            value={grant[u.id]?.unitId ?? firstUnit}
                            onChange={(unitId) =>
                              setGrant({ ...grant, [u.id]: { role: grant[u.id]?.role ?? 'reviewer', unitId } })
                            }
                            options={adminUnits}
                          />
                          <Select
                            size="small"
                            aria-label="授予的角色"
                            style={{ width: 90 }}
                            value={grant[u.id]?.role ?? 'reviewer'}
                            onChange={(role) =>
                              setGrant({ ...grant, [u.id]: { unitId: grant[u.id]?.unitId ?? firstUnit, role } })
                            }
                            options={roleOptions}
                          />
                          <Button size="small" htmlType="submit">
                            授予
                          </Button>
                        </Form>
                      </Space>
                    ),
                  },
                ]}
              />
              <Form method="post" style={{ marginTop: 16 }} key={userFormKey} data-testid="user-form">
                <input type="hidden" name="intent" value="user" />
                <input type="hidden" name="unitId" value={newUser.unitId} />
                <input type="hidden" name="role" value={newUser.role} />
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Space wrap>
                    <Input name="name" placeholder="姓名" aria-label="姓名" required style={{ width: 140 }} />
                    <Input name="email" type="email" placeholder="邮箱" aria-label="邮箱" required style={{ width: 220 }} />
                    <Input.Password
                      name="password"
                      placeholder="初始密码（至少 8 位）"
                      aria-label="初始密码"
                      required
                      autoComplete="new-password"
                      style={{ width: 200 }}
                    />
                  </Space>
                  <Space wrap>
                    <Select
                      aria-label="所属单位"
                      value={newUser.unitId}
                      style={{ width: 240 }}
                      popupMatchSelectWidth={false}
                      onChange={(unitId) => setNewUser({ ...newUser, unitId })}
                      options={adminUnits}
                    />
                    <Select
                      aria-label="角色"
                      value={newUser.role}
                      style={{ width: 120 }}
                      onChange={(role) => setNewUser({ ...newUser, role })}
                      options={roleOptions}
                    />
                    <Button type="primary" htmlType="submit" loading={busyIntent === 'user'}>
                      新建用户
                    </Button>
                  </Space>
                </Space>
              </Form>
            </Card>
          </Col>
        </Row>
      </div>
    </>
  );
}

/** A role of a user; its × revokes it after a confirmation. */
function RoleTag(props: { userId: string; userName: string; unitId: string; unitName: string; role: RoleKey }) {
  const submit = useSubmit();
  const label = `${props.unitName} · ${ROLES[props.role]}`;
  return (
    <Tag style={{ marginInlineEnd: 0 }} title={label}>
      {label}
      <Popconfirm
        title="撤销角色"
        description={`撤销${props.userName}在「${props.unitName}」的「${ROLES[props.role]}」角色？`}
        okText="撤销"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        onConfirm={() =>
          submit(
            { intent: 'role', userId: props.userId, unitId: props.unitId, role: props.role, granted: '0' },
            { method: 'post' },
          )
        }
      >
        <button
          type="button"
          aria-label={`撤销角色：${label}`}
          style={{ border: 0, background: 'none', cursor: 'pointer', padding: '0 0 0 4px' }}
        >
          ×
        </button>
      </Popconfirm>
    </Tag>
  );
}
