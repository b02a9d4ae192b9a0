import { ROLES, UNIT_KINDS, UNIT_LEVELS } from '@jixiao/core/roles';
import type { MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Alert, Button, Card, Col, Input, Row, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { TopBar } from '../components/TopBar';
import type { action, loader } from './admin.server';

export { action, loader } from './admin.server';

export const meta: MetaFunction = () => [{ title: '管理 · 绩效' }];

const roleOptions = Object.entries(ROLES).map(([value, label]) => ({ value, label }));

export default function Admin() {
  const { user, units, users } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const adminUnits = units.filter((u) => u.canAdmin).map((u) => ({ value: u.id, label: u.name }));
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const [unit, setUnit] = useState({ kind: 'department', level: 'city', parentId: adminUnits[0]?.value ?? '', oversees: [] as string[] });
  const [newUser, setNewUser] = useState({ unitId: adminUnits[0]?.value ?? '', role: 'editor' });
  const [grant, setGrant] = useState<Record<string, { unitId: string; role: string }>>({});

  return (
    <>
      <TopBar user={user} />
      <div className="page">
        {result && 'ok' in result && <Alert type="success" showIcon message={result.ok} style={{ marginBottom: 16 }} />}
        {result && 'error' in result && <Alert type="error" showIcon message={result.error} style={{ marginBottom: 16 }} />}
        <Row gutter={16}>
          <Col span={12}>
            <Card title="单位" size="small">
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={units}
                columns={[
                  { title: '名称', dataIndex: 'name' },
                  { title: '类型', dataIndex: 'kind', render: (k: keyof typeof UNIT_KINDS) => UNIT_KINDS[k] },
                  { title: '级别', dataIndex: 'level', render: (l: keyof typeof UNIT_LEVELS) => UNIT_LEVELS[l] },
                  { title: '上级', dataIndex: 'parentId', render: (p: string | null) => (p ? unitName.get(p) : '—') },
                ]}
              />
              <Form method="post" style={{ marginTop: 16 }}>
                <input type="hidden" name="intent" value="unit" />
                <input type="hidden" name="kind" value={unit.kind} />
                <input type="hidden" name="level" value={unit.level} />
                <input type="hidden" name="parentId" value={unit.parentId} />
                <input type="hidden" name="oversees" value={unit.oversees.join(',')} />
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Input name="name" placeholder="新单位名称，如：银川市医疗保障局" aria-label="单位名称" required />
                  <Space wrap>
                    <Select aria-label="单位类型" value={unit.kind} style={{ width: 120 }} onChange={(kind) => setUnit({ ...unit, kind })}
                      options={Object.entries(UNIT_KINDS).map(([value, label]) => ({ value, label }))} />
                    <Select aria-label="级别" value={unit.level} style={{ width: 120 }} onChange={(level) => setUnit({ ...unit, level })}
                      options={Object.entries(UNIT_LEVELS).map(([value, label]) => ({ value, label }))} />
                    <Select aria-label="上级单位" value={unit.parentId} style={{ width: 220 }} onChange={(parentId) => setUnit({ ...unit, parentId })}
                      options={[{ value: '', label: '（无上级）' }, ...adminUnits]} />
                  </Space>
                  {unit.kind === 'finance' && (
                    <Select mode="multiple" aria-label="监管单位" placeholder="监管的单位" value={unit.oversees} style={{ width: '100%' }}
                      onChange={(oversees) => setUnit({ ...unit, oversees })} options={units.map((u) => ({ value: u.id, label: u.name }))} />
                  )}
                  <Button type="primary" htmlType="submit" loading={busy}>新建单位</Button>
                </Space>
              </Form>
            </Card>
          </Col>
          <Col span={12}>
            <Card title="用户与角色" size="small">
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={users}
                columns={[
                  { title: '姓名', dataIndex: 'name' },
                  { title: '邮箱', dataIndex: 'email' },
                  {
                    title: '角色',
                    render: (_, u) => (
                      <Space size={4} wrap>
                        {u.roles.map((r) => (
                          <Form method="post" key={`${r.unitId}-${r.role}`} style={{ display: 'inline' }}>
                            <input type="hidden" name="intent" value="role" />
                            <input type="hidden" name="userId" value={u.id} />
                            <input type="hidden" name="unitId" value={r.unitId} />
                            <input type="hidden" name="role" value={r.role} />
                            <input type="hidden" name="granted" value="0" />
                            <Tag>
                              {r.unitName} · {ROLES[r.role]}{' '}
                              <button type="submit" aria-label="撤销角色" style={{ border: 0, background: 'none', cursor: 'pointer' }}>×</button>
                            </Tag>
                          </Form>
                        ))}
                        <Form method="post" style={{ display: 'inline-flex', gap: 4 }}>
                          <input type="hidden" name="intent" value="role" />
                          <input type="hidden" name="userId" value={u.id} />
                          <input type="hidden" name="granted" value="1" />
                          <input type="hidden" name="unitId" value={grant[u.id]?.unitId ?? adminUnits[0]?.value ?? ''} />
                          <input type="hidden" name="role" value={grant[u.id]?.role ?? 'reviewer'} />
                          <Select size="small" aria-label="授予角色的单位" style={{ width: 150 }} value={grant[u.id]?.unitId ?? adminUnits[0]?.value}
                            onChange={(unitId) => setGrant({ ...grant, [u.id]: { role: grant[u.id]?.role ?? 'reviewer', unitId } })} options={adminUnits} />
                          <Select size="small" aria-label="授予的角色" style={{ width: 90 }} value={grant[u.id]?.role ?? 'reviewer'}
                            onChange={(role) => setGrant({ ...grant, [u.id]: { unitId: grant[u.id]?.unitId ?? adminUnits[0]?.value ?? '', role } })} options={roleOptions} />
                          <Button size="small" htmlType="submit">授予</Button>
                        </Form>
                      </Space>
                    ),
                  },
                ]}
              />
              <Form method="post" style={{ marginTop: 16 }}>
                <input type="hidden" name="intent" value="user" />
                <input type="hidden" name="unitId" value={newUser.unitId} />
                <input type="hidden" name="role" value={newUser.role} />
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Space wrap>
                    <Input name="name" placeholder="姓名" aria-label="姓名" required style={{ width: 140 }} />
                    <Input name="email" type="email" placeholder="邮箱" aria-label="邮箱" required style={{ width: 220 }} />
                    <Input.Password name="password" placeholder="初始密码（至少 8 位）" aria-label="初始密码" required style={{ width: 200 }} />
                  </Space>
                  <Space wrap>
                    <Select aria-label="所属单位" value={newUser.unitId} style={{ width: 220 }} onChange={(unitId) => setNewUser({ ...newUser, unitId })} options={adminUnits} />
                    <Select aria-label="角色" value={newUser.role} style={{ width: 120 }} onChange={(role) => setNewUser({ ...newUser, role })} options={roleOptions} />
                    <Button type="primary" htmlType="submit" loading={busy}>新建用户</Button>
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
