import type { MetaFunction } from '@remix-run/node';
import { Form as RemixForm, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Alert, Button, Card, Empty, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { TopBar } from '../components/TopBar';
import type { action, loader } from './_index.server';

export { action, loader } from './_index.server';

export const meta: MetaFunction = () => [{ title: '项目 · 绩效' }];

export default function Projects() {
  const { user, projects, creatable, year } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [open, setOpen] = useState(false);
  const [unitId, setUnitId] = useState(creatable[0]?.value);
  const [newYear, setNewYear] = useState<number>(year);

  return (
    <>
      <TopBar user={user} />
      <div className="page">
        <Card
          title="项目支出预算绩效目标表"
          extra={
            creatable.length > 0 && (
              <Space>
                <Link to="/import" data-testid="import-link">
                  导入
                </Link>
                <Button type="primary" onClick={() => setOpen(true)} data-testid="new-project">
                  新建绩效目标表
                </Button>
              </Space>
            )
          }
        >
          {projects.length === 0 ? (
            <Empty description="暂无可查看的项目" />
          ) : (
            <Table
              rowKey="id"
              dataSource={projects}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                {
                  title: '项目名称',
                  dataIndex: 'name',
                  render: (name, p) => <Link to={`/projects/${p.id}`}>{name}</Link>,
                },
                { title: '年度', dataIndex: 'year', width: 80 },
                { title: '实施单位', dataIndex: 'unitName', width: 220 },
                {
                  title: '权限',
                  dataIndex: 'access',
                  width: 90,
                  render: (a) => (a === 'edit' ? <Tag color="green">可编辑</Tag> : <Tag>只读</Tag>),
                },
              ]}
            />
          )}
        </Card>
      </div>
      <Modal title="新建绩效目标表" open={open} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        <RemixForm method="post">
          <Space direction="vertical" style={{ width: '100%' }}>
            {result?.error && <Alert type="error" showIcon message={result.error} />}
            <label htmlFor="new-unit">实施单位</label>
            <Select id="new-unit" style={{ width: '100%' }} options={creatable} value={unitId} onChange={setUnitId} />
            <input type="hidden" name="unitId" value={unitId ?? ''} />
            <label htmlFor="new-name">项目名称</label>
            <Input id="new-name" name="name" required maxLength={200} placeholder="如：医疗保障事务工作经费" />
            <label htmlFor="new-year">年度</label>
            <InputNumber
              id="new-year"
              min={2000}
              max={2100}
              value={newYear}
              onChange={(v) => setNewYear(v ?? year)}
              style={{ width: '100%' }}
            />
            <input type="hidden" name="year" value={newYear} />
            <Button type="primary" htmlType="submit" loading={navigation.state !== 'idle'} block>
              创建（按标准一级/二级指标预填）
            </Button>
          </Space>
        </RemixForm>
      </Modal>
    </>
  );
}
