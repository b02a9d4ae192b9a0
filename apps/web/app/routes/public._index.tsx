/**
 * 预算公开 (/public): the published target tables by year and unit, readable without a session.
 * Filters live in the URL so a filtered list can be linked to.
 */
import { FileTextOutlined } from '@ant-design/icons';
import type { PublishedTableRef } from '@jixiao/core';
import type { MetaFunction } from '@remix-run/node';
import { useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { Button, Card, Empty, Select, Space, Table, Typography } from 'antd';
import { PublicHeader } from '../components/public/PublicHeader';
import { beijingTime } from '../components/dashboard/beijing-time';
import type { loader } from './public._index.server';

export { loader } from './public._index.server';

export const meta: MetaFunction = () => [
  { title: '预算绩效信息公开 · 绩效' },
  { name: 'description', content: '已审核批复并公开的项目支出预算绩效目标表，按年度和单位查阅。' },
];

export default function PublicIndex() {
  const { signedIn, tables, years, units, filter } = useLoaderData<typeof loader>();
  const [, setParams] = useSearchParams();
  const navigation = useNavigation();
  const filtered = !!(filter.year || filter.unit);

  function update(changes: { year?: number | null; unit?: string | null }) {
    const next = new URLSearchParams();
    const year = 'year' in changes ? changes.year : filter.year;
    const unit = 'unit' in changes ? changes.unit : filter.unit;
    if (year) next.set('year', String(year));
    if (unit) next.set('unit', unit);
    setParams(next, { preventScrollReset: true });
  }

  const byYear = new Map<number, PublishedTableRef[]>();
  for (const t of tables) byYear.set(t.year, [...(byYear.get(t.year) ?? []), t]);

  return (
    <>
      <PublicHeader signedIn={signedIn} />
      <main style={{ maxWidth: 1080, margin: '0 auto', padding: '20px 24px 48px' }}>
        <Card size="small" style={{ marginBottom: 16 }}>
          <Space wrap size={[16, 8]} align="center">
            <Typography.Text strong>查阅范围</Typography.Text>
            <Select
              aria-label="公开年度"
              style={{ width: 140 }}
              value={filter.year ?? ''}
              onChange={(year) => update({ year: Number(year) || null })}
              options={[{ value: '', label: '全部年度' }, ...years.map((y) => ({ value: y, label: `${y} 年度` }))]}
            />
            <Select
              aria-label="公开单位"
              style={{ width: 260 }}
              value={filter.unit}
              showSearch
              popupMatchSelectWidth={false}
              onChange={(unit) => update({ unit: unit || null })}
              options={[{ value: '', label: '全部单位' }, ...units.map((u) => ({ value: u, label: u }))]}
            />
            {filtered && <Button onClick={() => setParams(new URLSearchParams())}>清除条件</Button>}
            <Typography.Text type="secondary" data-testid="public-total">
              共 {tables.length} 张已公开的绩效目标表
            </Typography.Text>
          </Space>
        </Card>

        {tables.length === 0 ? (
          <Card>
            <Empty
              data-testid="public-empty"
              description={filtered ? '没有符合条件的公开表，请调整年度或单位。' : '暂无已公开的预算绩效目标表。经财政部门批复并公开后，将在此发布。'}
            />
          </Card>
        ) : (
          [...byYear.entries()].map(([year, list]) => (
            <Card
              key={year}
              size="small"
              title={`${year} 年度项目支出绩效目标`}
              extra={<Typography.Text type="secondary">{list.length} 张</Typography.Text>}
              style={{ marginBottom: 16 }}
            >
              <Table<PublishedTableRef>
                size="small"
                rowKey="id"
                loading={navigation.state === 'loading'}
                pagination={false}
                dataSource={list}
                tableLayout="fixed"
                data-testid="public-list"
                columns={[
                  {
                    title: '单位',
                    dataIndex: 'unit',
                    width: 260,
                    onCell: (t, i) => {
                      // one unit's tables together: its name once over its rows
                      if (i && list[i - 1]?.unit === t.unit) return { rowSpan: 0 };
                      let n = 1;
                      while (list[(i ?? 0) + n]?.unit === t.unit) n++;
                      return { rowSpan: n };
                    },
                  },
                  {
                    title: '项目名称',
                    render: (_, t) => (
                      <a href={t.url} data-testid="public-link">
                        <FileTextOutlined style={{ marginRight: 6, color: '#999' }} />
                        {t.name}
                      </a>
                    ),
                  },
                  { title: '公开时间', width: 150, render: (_, t) => beijingTime(t.publishedAt, false) },
                ]}
              />
            </Card>
          ))
        )}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: 'center', marginTop: 24 }}>
          本页公开的绩效目标表为财政部门批复后的版本，与纸质公开件一致；时间为北京时间。
        </Typography.Paragraph>
      </main>
    </>
  );
}
