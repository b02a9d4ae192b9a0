import type { ProjectView } from '@jixiao/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { Alert, Button, Card, Empty, Input, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { NewProjectModal } from '../components/NewProjectModal';
import { SignoffCountsCell } from '../components/review/SignoffCountsCell';
import { ArchiveButton, RestoreButton, RowActionAnnouncer } from '../components/ProjectRowActions';
import { TopBar } from '../components/TopBar';
import { WorkflowStageTag } from '../components/WorkflowStageTag';
import type { loader } from './_index.server';

export { action, loader } from './_index.server';

export const meta: MetaFunction = () => [{ title: '项目 · 绩效' }];

const KINDS: Record<ProjectView['kind'], string> = { target: '目标表', self_eval: '自评表' };
const KIND_OPTIONS = Object.entries(KINDS).map(([value, label]) => ({ value, label }));
/** the filters a user sets (the archived view, sort and page are not filters) */
const FILTERS = ['q', 'year', 'unitId', 'kind'] as const;
type SortKey = 'year' | 'name' | 'unit' | 'created';
const SEARCH_DEBOUNCE_MS = 300;

/** The default direction of each sort column: newest first for dates, A→Z for names. */
function defaultOrder(sort: SortKey): 'asc' | 'desc' {
  return sort === 'year' || sort === 'created' ? 'desc' : 'asc';
}

export default function Projects() {
  const data = useLoaderData<typeof loader>();
  const { user, projects, total, page, pageSize, creatable, units, canSeeArchived } = data;
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  const loading = navigation.state === 'loading' && navigation.location.pathname === '/';
  const [open, setOpen] = useState(false);

  const archived = canSeeArchived && params.get('archived') === '1';
  const sort = (params.get('sort') as SortKey | null) ?? 'year';
  const order = params.get('order') ?? defaultOrder(sort);
  const filtered = FILTERS.some((f) => params.get(f));

  // the query last asked for: quick successive changes (a filter picked while a search is still
  // pending, a click before the page re-rendered) build on each other instead of on a stale render
  const latest = useRef(params);
  useEffect(() => {
    latest.current = params;
  }, [params]);

  /** Change some URL parameters (a new history entry unless `replace`); any change but paging goes to page 1. */
  function update(changes: Record<string, string | number | null | undefined>, replace = false) {
    const next = new URLSearchParams(latest.current);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in changes)) next.delete('page');
    latest.current = next;
    setParams(next, { replace, preventScrollReset: true });
  }

  /** Back to the unfiltered list (of the same view). */
  function clearFilters() {
    update({ q: null, year: null, unitId: null, kind: null });
  }

  // the search box: typed text goes to the URL after a pause; back/forward and 清除 set the box
  const urlQ = params.get('q') ?? '';
  const [text, setText] = useState(urlQ);
  const sent = useRef(urlQ);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    if (urlQ !== sent.current) {
      clearTimeout(timer.current);
      sent.current = urlQ;
      setText(urlQ);
    }
  }, [urlQ]);
  useEffect(() => () => clearTimeout(timer.current), []);
  function search(value: string) {
    clearTimeout(timer.current);
    const q = value.trim();
    if (q === sent.current) return;
    // refining a search replaces its history entry; starting or clearing one adds an entry
    const replace = sent.current !== '' && q !== '';
    sent.current = q;
    update({ q }, replace);
  }
  function typed(value: string) {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => search(value), SEARCH_DEBOUNCE_MS);
  }

  const thisYear = data.year;
  const yearOptions = Array.from({ length: 12 }, (_, i) => thisYear - i);
  const yearParam = Number(params.get('year')) || null;
  if (yearParam && !yearOptions.includes(yearParam)) yearOptions.push(yearParam);

  const sorted = (key: SortKey): SortOrder => (sort === key ? (order === 'asc' ? 'ascend' : 'descend') : null);
  const directions = (key: SortKey): SortOrder[] =>
    defaultOrder(key) === 'asc' ? ['ascend', 'descend', 'ascend'] : ['descend', 'ascend', 'descend'];

  const emptyText = data.error ? (
    <Empty description="筛选条件无效">
      <Button onClick={clearFilters}>清除筛选</Button>
    </Empty>
  ) : filtered ? (
    <Empty description="没有符合条件的项目" data-testid="empty-filtered">
      <Button onClick={clearFilters} data-testid="clear-filters">
        清除筛选
      </Button>
    </Empty>
  ) : (
    <Empty description={archived ? '没有已删除的项目' : '暂无可查看的项目'} data-testid="empty" />
  );

  return (
    <>
      <TopBar user={user} />
      <RowActionAnnouncer />
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
          <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12, marginBottom: 16 }}>
            {canSeeArchived && (
              <Segmented
                value={archived ? 'archived' : 'live'}
                onChange={(v) => update({ archived: v === 'archived' ? '1' : null })}
                options={[
                  { value: 'live', label: <span data-testid="live-tab">项目</span> },
                  { value: 'archived', label: <span data-testid="archived-tab">已删除</span> },
                ]}
              />
            )}
            <Input.Search
              allowClear
              placeholder="按项目名称搜索"
              aria-label="搜索项目"
              value={text}
              onChange={(e) => typed(e.target.value)}
              onSearch={search}
              style={{ width: 260 }}
              data-testid="project-search"
            />
            <Select
              allowClear
              placeholder="年度"
              aria-label="年度"
              value={yearParam}
              onChange={(v) => update({ year: v })}
              options={yearOptions.sort((a, b) => b - a).map((y) => ({ value: y, label: `${y} 年` }))}
              style={{ width: 110 }}
              data-testid="filter-year"
            />
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="实施单位"
              aria-label="实施单位"
              value={params.get('unitId') || null}
              onChange={(v) => update({ unitId: v })}
              options={units}
              popupMatchSelectWidth={false}
              style={{ width: 240 }}
              data-testid="filter-unit"
            />
            <Select
              allowClear
              placeholder="表类型"
              aria-label="表类型"
              value={params.get('kind') || null}
              onChange={(v) => update({ kind: v })}
              options={KIND_OPTIONS}
              style={{ width: 110 }}
              data-testid="filter-kind"
            />
            {filtered && (
              <Button type="link" onClick={clearFilters}>
                清除筛选
              </Button>
            )}
            <span style={{ flex: 1 }} />
            <Typography.Text type="secondary" data-testid="project-total">
              {archived ? '已删除' : '共'} {total} 个项目
            </Typography.Text>
          </div>
          {data.error && <Alert type="warning" showIcon message={data.error} style={{ marginBottom: 12 }} />}
          <Table
            className="project-table"
            rowKey="id"
            size="middle"
            dataSource={projects}
            loading={loading}
            locale={{ emptyText }}
            tableLayout="fixed"
            onChange={(pagination, _filters, sorter, extra) => {
              if (extra.action === 'paginate') {
                update({
                  page: pagination.current === 1 ? null : pagination.current,
                  pageSize: pagination.pageSize === 20 ? null : pagination.pageSize,
                });
              } else if (extra.action === 'sort' && !Array.isArray(sorter)) {
                const key = sorter.columnKey as SortKey;
                const dir = sorter.order === 'ascend' ? 'asc' : 'desc';
                const isDefault = key === 'year' && dir === 'desc';
                update({ sort: isDefault ? null : key, order: isDefault || dir === defaultOrder(key) ? null : dir });
              }
            }}
            pagination={{
              current: page,
              pageSize,
              total,
              hideOnSinglePage: total <= 20,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (t, [from, to]) => `第 ${from}–${to} 条，共 ${t} 条`,
            }}
            columns={[
              {
                // not "项目名称": sortable headers are labelled by their title, and that is the new-table field's label
                title: '名称',
                key: 'name',
                dataIndex: 'name',
                sorter: true,
                sortOrder: sorted('name'),
                sortDirections: directions('name'),
                ellipsis: { showTitle: false },
                render: (name: string, p) =>
                  archived ? (
                    <Tooltip title={name} placement="topLeft">
                      <span>{name}</span>
                    </Tooltip>
                  ) : (
                    <Tooltip title={name} placement="topLeft">
                      <Link to={`/projects/${p.id}`}>{name}</Link>
                    </Tooltip>
                  ),
              },
              {
                title: '年度',
                key: 'year',
                dataIndex: 'year',
                width: 90,
                sorter: true,
                sortOrder: sorted('year'),
                sortDirections: directions('year'),
              },
              { title: '类型', dataIndex: 'kind', width: 80, render: (k: ProjectView['kind']) => KINDS[k] },
              {
                title: '实施单位',
                key: 'unit',
                dataIndex: 'unitName',
                width: 220,
                sorter: true,
                sortOrder: sorted('unit'),
                sortDirections: directions('unit'),
                ellipsis: true,
              },
              archived
                ? {
                    title: '删除时间',
                    dataIndex: 'archivedAt',
                    width: 150,
                    render: (t: string | null) => (t ? dayjs(t).format('YYYY-MM-DD HH:mm') : '—'),
                  }
                : {
                    title: '创建时间',
                    key: 'created',
                    dataIndex: 'createdAt',
                    width: 130,
                    sorter: true,
                    sortOrder: sorted('created'),
                    sortDirections: directions('created'),
                    render: (t: string) => dayjs(t).format('YYYY-MM-DD'),
                  },
              // a deleted table can be neither opened nor edited: its access says nothing there
              ...(archived
                ? []
                : [
                    {
                      title: '流程环节',
                      key: 'workflow',
                      width: 130,
                      render: (_: unknown, p: (typeof projects)[number]) => <WorkflowStageTag workflow={p.workflow} />,
                    },
                    {
                      title: '签署（已签/过期/总数）',
                      key: 'signoffs',
                      width: 170,
                      render: (_: unknown, p: (typeof projects)[number]) => <SignoffCountsCell counts={p.signoffs} />,
                    },
                    {
                      title: '权限',
                      dataIndex: 'access',
                      width: 90,
                      render: (a: string) => (a === 'edit' ? <Tag color="green">可编辑</Tag> : <Tag>只读</Tag>),
                    },
                  ]),
              {
                title: '操作',
                key: 'actions',
                width: 100,
                render: (_, p) =>
                  p.canRestore ? <RestoreButton row={p} /> : p.canArchive ? <ArchiveButton row={p} /> : null,
              },
            ]}
          />
        </Card>
      </div>
      {creatable.length > 0 && (
        <NewProjectModal open={open} onClose={() => setOpen(false)} units={creatable} defaultYear={data.year} />
      )}
    </>
  );
}
