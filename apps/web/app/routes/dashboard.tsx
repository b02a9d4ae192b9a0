/**
 * 工作台: the tables waiting for this user (with the actions they may take and a link), the
 * tables that came back with their reasons, and where the tables they can see stand — by unit
 * and stage for one year, as a stacked bar chart.
 */
import { RightOutlined } from '@ant-design/icons';
import type { PendingItem } from '@jixiao/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { Badge, Button, Card, Col, Empty, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { TopBar } from '../components/TopBar';
import { beijingTime } from '../components/dashboard/beijing-time';
import { StageChart } from '../components/dashboard/StageChart';
import type { loader } from './dashboard.server';

export { loader } from './dashboard.server';

export const meta: MetaFunction = () => [{ title: '工作台 · 绩效' }];

type Labels = { actionLabels: Record<string, string>; statusLabels: Record<string, string> };

function where(item: PendingItem, labels: Labels): string {
  return item.stage?.name ?? labels.statusLabels[item.status] ?? item.status;
}

export default function Dashboard() {
  const { user, pending, returned, byStage, actionLabels, statusLabels } = useLoaderData<typeof loader>();
  const labels = { actionLabels, statusLabels };
  const years = [...new Set(byStage.map((r) => r.year))].sort((a, b) => b - a);
  const [year, setYear] = useState<number | undefined>(years[0]);
  const shown = byStage.filter((r) => r.year === year);
  const total = shown.reduce((n, r) => n + r.count, 0);
  const published = shown.filter((r) => r.status === 'published').reduce((n, r) => n + r.count, 0);

  return (
    <>
      <TopBar user={user} />
      <div className="page">
        <Typography.Title level={4} style={{ margin: '0 0 12px' }}>
          工作台
        </Typography.Title>
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title="待我处理" value={pending.length} suffix="张" valueStyle={{ color: pending.length ? '#b4232a' : undefined }} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title="被退回" value={returned.length} suffix="张" valueStyle={{ color: returned.length ? '#d46b08' : undefined }} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={year ? `${year} 年度绩效目标表` : '绩效目标表'} value={total} suffix="张" />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={year ? `${year} 年度已公开` : '已公开'} value={published} suffix="张" />
            </Card>
          </Col>
        </Row>

        <Card
          size="small"
          title={
            <Space>
              待我处理
              <Badge count={pending.length} showZero color={pending.length ? '#b4232a' : '#bfbfbf'} />
            </Space>
          }
          style={{ marginBottom: 16 }}
          data-testid="pending"
        >
          <Table<PendingItem>
            size="small"
            rowKey={(i) => i.project.id}
            dataSource={pending}
            pagination={pending.length > 10 ? { pageSize: 10, size: 'small' } : false}
            tableLayout="fixed"
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无待办：目前没有需要您提交、审核或公开的表" /> }}
            columns={[
              {
                title: '项目名称',
                ellipsis: true,
                render: (_, i) => <Link to={`/projects/${encodeURIComponent(i.project.id)}`}>{i.project.name}</Link>,
              },
              { title: '实施单位', width: 200, ellipsis: true, render: (_, i) => i.project.unitName },
              { title: '年度', width: 64, render: (_, i) => i.project.year },
              { title: '当前环节', width: 120, render: (_, i) => <Tag>{where(i, labels)}</Tag> },
              {
                title: '待办操作',
                width: 180,
                render: (_, i) => (
                  <Space size={4} wrap>
                    {i.actions.map((a) => (
                      <Tag key={a} color={a === 'return' ? 'orange' : 'red'} style={{ marginInlineEnd: 0 }}>
                        {actionLabels[a] ?? a}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
              { title: '到达时间', width: 136, render: (_, i) => beijingTime(i.since, false) },
              {
                title: '',
                width: 84,
                align: 'right',
                render: (_, i) => (
                  <Link to={`/projects/${encodeURIComponent(i.project.id)}`}>
                    去办理 <RightOutlined style={{ fontSize: 10 }} />
                  </Link>
                ),
              },
            ]}
          />
        </Card>

        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <Card
              size="small"
              title="各单位审批进度"
              extra={
                years.length > 0 && (
                  <Select
                    size="small"
                    aria-label="年度"
                    value={year}
                    style={{ width: 110 }}
                    onChange={setYear}
                    options={years.map((y) => ({ value: y, label: `${y} 年度` }))}
                  />
                )
              }
              data-testid="by-stage"
            >
              {shown.length ? (
                <StageChart rows={shown} />
              ) : (
                <Empty description="暂无绩效目标表" style={{ padding: '32px 0' }}>
                  <Button href="/">前往项目列表</Button>
                </Empty>
              )}
            </Card>
          </Col>
          <Col xs={24} xl={9}>
            <Card size="small" title="被退回的表" data-testid="returned">
              {returned.length ? (
                <ol className="returned-list" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  {returned.map((i) => (
                    <li key={i.project.id} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
                      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
                        <Link to={`/projects/${encodeURIComponent(i.project.id)}`} style={{ fontWeight: 500 }}>
                          {i.project.name}
                        </Link>
                        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
                          {beijingTime(i.since, false)}
                        </Typography.Text>
                      </Space>
                      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', margin: '2px 0 6px' }}>
                        {i.project.unitName} · {i.project.year} 年度 · 退回至 <Tag style={{ fontSize: 12 }}>{where(i, labels)}</Tag>
                      </div>
                      <div
                        style={{
                          background: '#fff7e6',
                          borderLeft: '3px solid #d46b08',
                          padding: '4px 8px',
                          fontSize: 13,
                          whiteSpace: 'pre-wrap',
                          overflowWrap: 'anywhere',
                        }}
                      >
                        退回原因：{i.returnReason || '（未填写）'}
                      </div>
                    </li>
                  ))}
                </ol>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有被退回的表" />
              )}
            </Card>
          </Col>
        </Row>
      </div>
    </>
  );
}
