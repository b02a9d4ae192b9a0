/**
 * 审计日志 (admin): who did what, when, from where — filtered by action, person, date range and
 * object, paged on the server (the filters and the page live in the URL), details folded away
 * per row, and 导出 CSV as a plain link to /api/audit.csv with the same filters.
 */
import { DownloadOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { AuditEntry } from '@jixiao/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { Alert, Button, Card, DatePicker, Empty, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { TopBar } from '../components/TopBar';
import { describeUserAgent } from '../components/admin/user-agent';
import { beijingTime } from '../components/dashboard/beijing-time';
import type { loader } from './admin_.audit.server';

export { loader } from './admin_.audit.server';

export const meta: MetaFunction = () => [{ title: '审计日志 · 管理 · 绩效' }];

const FILTERS = ['action', 'actorId', 'target', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** Action codes by what they concern; a group with one prefix can be picked as a whole. */
const GROUPS: { label: string; prefixes: string[]; whole?: string }[] = [
  { label: '系统管理', prefixes: ['admin.', 'unit.', 'user.', 'role.'] },
  { label: '绩效目标表', prefixes: ['project.'], whole: '全部表操作' },
  { label: '讨论与评论', prefixes: ['thread.', 'comment.', 'notification.'] },
  { label: '签署', prefixes: ['signoff.'], whole: '全部签署操作' },
  { label: '审批', prefixes: ['workflow.'], whole: '全部审批操作' },
];

function actionOptions(actions: Record<string, string>) {
  return GROUPS.map((g) => ({
    label: g.label,
    title: g.label,
    options: [
      ...(g.whole ? [{ value: g.prefixes[0]!, label: `${g.whole}` }] : []),
      ...Object.entries(actions)
        .filter(([code]) => g.prefixes.some((p) => code.startsWith(p)))
        .map(([code, label]) => ({ value: code, label })),
    ],
  }));
}

/** Tag colours by kind of action: approvals stand out, deletions warn. */
function actionColor(code: string): string | undefined {
  if (code === 'workflow.return' || code === 'project.archive' || code.endsWith('.revoke') || code === 'workflow.archive') return 'orange';
  if (code.startsWith('workflow.')) return 'red';
  if (code.startsWith('signoff.')) return 'green';
  if (code.startsWith('role.') || code.startsWith('user.') || code.startsWith('unit.') || code.startsWith('admin.')) return 'purple';
  return undefined;
}

function readFilters(params: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Filters;
}

export default function AdminAudit() {
  const { user, items, total, page, pageSize, error, actions, users } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  const loading = navigation.state === 'loading' && navigation.location.pathname === '/admin/audit';
  const applied = readFilters(params);
  const [form, setForm] = useState<Filters>(applied);
  // back/forward and 重置 bring the form along with the URL
  const appliedKey = params.toString();
  useEffect(() => {
    setForm(readFilters(new URLSearchParams(appliedKey)));
  }, [appliedKey]);

  function apply(next: Filters, nextPage?: number, nextSize?: number) {
    const out = new URLSearchParams();
    for (const f of FILTERS) if (next[f].trim()) out.set(f, next[f].trim());
    if (nextPage && nextPage > 1) out.set('page', String(nextPage));
    if (nextSize && nextSize !== 20) out.set('pageSize', String(nextSize));
    setParams(out, { preventScrollReset: true });
  }

  const csv = new URLSearchParams();
  for (const f of FILTERS) if (applied[f]) csv.set(f, applied[f]);
  const csvHref = `/api/audit.csv${csv.size ? `?${csv}` : ''}`;
  const range: [Dayjs | null, Dayjs | null] = [form.from ? dayjs(form.from) : null, form.to ? dayjs(form.to) : null];
  const filtered = FILTERS.some((f) => applied[f]);

  return (
    <>
      <TopBar user={user} />
      <div className="page">
        <Typography.Title level={4} style={{ margin: '0 0 4px' }}>
          审计日志
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          所管理单位的人员及其绩效目标表上的全部操作记录，只增不改。日期与时间均为北京时间。
        </Typography.Paragraph>
        <Card size="small" style={{ marginBottom: 12 }}>
          <form
            aria-label="筛选审计日志"
            onSubmit={(e) => {
              e.preventDefault();
              apply(form);
            }}
          >
            <Space wrap align="end" size={[12, 12]}>
              <Field label="操作类型">
                <Select
                  aria-label="操作类型"
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  placeholder="全部操作"
                  style={{ width: 200 }}
                  value={form.action || undefined}
                  onChange={(action) => setForm({ ...form, action: action ?? '' })}
                  options={actionOptions(actions)}
                />
              </Field>
              <Field label="操作人">
                <Select
                  aria-label="操作人"
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  placeholder="全部人员"
                  style={{ width: 150 }}
                  value={form.actorId || undefined}
                  onChange={(actorId) => setForm({ ...form, actorId: actorId ?? '' })}
                  options={users}
                />
              </Field>
              <Field label="日期">
                <DatePicker.RangePicker
                  aria-label="日期范围"
                  allowEmpty={[true, true]}
                  value={range}
                  onChange={(v) =>
                    setForm({ ...form, from: v?.[0]?.format('YYYY-MM-DD') ?? '', to: v?.[1]?.format('YYYY-MM-DD') ?? '' })
                  }
                  style={{ width: 260 }}
                />
              </Field>
              <Field label="对象标识">
                <Input
                  aria-label="对象标识"
                  placeholder="如项目编号 p_…"
                  allowClear
                  style={{ width: 200 }}
                  value={form.target}
                  onChange={(e) => setForm({ ...form, target: e.target.value })}
                />
              </Field>
              <Space>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
                  查询
                </Button>
                <Button icon={<ReloadOutlined />} onClick={() => apply({ action: '', actorId: '', target: '', from: '', to: '' })}>
                  重置
                </Button>
              </Space>
            </Space>
          </form>
        </Card>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="audit-error" />}
        <Card
          size="small"
          title={
            <span data-testid="audit-total">
              共 {total} 条记录{filtered ? '（已筛选）' : ''}
            </span>
          }
          extra={
            <Tooltip title="按当前筛选条件导出全部记录（UTF-8，可用 Excel / WPS 打开）">
              <Button href={csvHref} download icon={<DownloadOutlined />} data-testid="audit-csv">
                导出 CSV
              </Button>
            </Tooltip>
          }
        >
          <Table<AuditEntry>
            size="small"
            rowKey="id"
            loading={loading}
            dataSource={items}
            tableLayout="fixed"
            data-testid="audit-table"
            locale={{ emptyText: <Empty description={filtered ? '没有符合条件的记录' : '暂无审计记录'} /> }}
            expandable={{
              expandedRowRender: (e) => <Details entry={e} />,
              columnTitle: '详情',
              columnWidth: 48,
            }}
            pagination={{
              current: page,
              pageSize,
              total,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (n) => `共 ${n} 条`,
              onChange: (p, size) => apply(applied, size !== pageSize ? 1 : p, size),
            }}
            columns={[
              {
                title: '时间（北京时间）',
                dataIndex: 'at',
                width: 160,
                render: (at: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{beijingTime(at)}</span>,
              },
              {
                title: '操作人',
                width: 100,
                ellipsis: true,
                render: (_, e) => e.actor?.name || <Typography.Text type="secondary">系统</Typography.Text>,
              },
              {
                title: '操作',
                width: 150,
                render: (_, e) => (
                  <Tooltip title={e.action}>
                    <Tag color={actionColor(e.action)} style={{ marginInlineEnd: 0 }}>
                      {e.label}
                    </Tag>
                  </Tooltip>
                ),
              },
              {
                title: '对象',
                dataIndex: 'target',
                ellipsis: { showTitle: false },
                render: (target: string, entry: AuditEntry) => (
                  <Tooltip title={target} placement="topLeft">
                    {target.startsWith('p_') ? (
                      <Link to={`/projects/${encodeURIComponent(target)}`} className="audit-target">
                        {entry.targetName ?? <code>{target}</code>}
                      </Link>
                    ) : (
                      (entry.targetName ?? <code>{target}</code>)
                    )}
                  </Tooltip>
                ),
              },
              { title: 'IP', dataIndex: 'ip', width: 130, render: (ip: string | null) => ip ?? '—' },
              {
                title: '浏览器',
                dataIndex: 'userAgent',
                width: 190,
                ellipsis: { showTitle: false },
                render: (ua: string | null) =>
                  ua ? (
                    <Tooltip title={ua} placement="topLeft">
                      <span>{describeUserAgent(ua)}</span>
                    </Tooltip>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </Card>
      </div>
    </>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.65)', marginBottom: 4 }}>{label}</div>
      {children}
    </div>
  );
}

/** A record's details: the stored JSON, pretty-printed, and the full user agent. */
function Details({ entry }: { entry: AuditEntry }) {
  const data = typeof entry.data === 'string' ? entry.data : JSON.stringify(entry.data, null, 2);
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '88px 1fr', gap: '4px 12px', fontSize: 12 }}>
      <span style={{ color: 'rgba(0,0,0,0.45)' }}>记录编号</span>
      <span>{entry.id}</span>
      <span style={{ color: 'rgba(0,0,0,0.45)' }}>操作代码</span>
      <code>{entry.action}</code>
      <span style={{ color: 'rgba(0,0,0,0.45)' }}>浏览器标识</span>
      <span style={{ wordBreak: 'break-all' }}>{entry.userAgent ?? '—'}</span>
      <span style={{ color: 'rgba(0,0,0,0.45)' }}>详情</span>
      <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 240, overflow: 'auto' }}>
        {data === undefined || data === 'null' || data === '{}' ? '（无）' : data}
      </pre>
    </div>
  );
}
