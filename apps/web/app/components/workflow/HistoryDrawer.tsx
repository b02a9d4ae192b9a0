/**
 * 版本记录: every workflow step kept the table as it was (time, stage, action, by whom, the
 * reason of a return), and any two can be compared, or one with the table as it is now. The
 * first comparison is the one the reader most likely wants (see defaultComparison). Loaded on
 * first use.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Empty, Select, Spin, Tag } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../lib/review/api';
import { type Comparison, type TableDiff, type VersionView, actionLabel, defaultComparison, fetchDiff, fetchVersions } from '../../lib/workflow/history';
import type { WorkflowView } from '../../lib/workflow/use-workflow';
import { DiffView } from './DiffView';

export interface HistoryDrawerProps {
  open: boolean;
  projectId: string;
  view: WorkflowView;
  onClose(): void;
}

const ACTION_COLOR: Record<string, string> = { submit: 'blue', approve: 'green', return: 'orange', withdraw: 'default', publish: 'cyan' };

const label = (v: VersionView) => `#${v.seq} ${dayjs(v.createdAt).format('MM-DD HH:mm')} ${v.by?.name ?? ''}${actionLabel(v.action)}`;

type Load<T> = { state: 'idle' | 'loading' } | { state: 'done'; value: T } | { state: 'error'; message: string };

export default function HistoryDrawer({ open, projectId, view, onClose }: HistoryDrawerProps) {
  const [versions, setVersions] = useState<Load<VersionView[]>>({ state: 'idle' });
  const [pick, setPick] = useState<Comparison | null>(null);
  const [diff, setDiff] = useState<Load<TableDiff>>({ state: 'idle' });
  const [tick, setTick] = useState(0);

  // the list, when opened, after every step and on 刷新; a new step starts again from the
  // comparison that fits it
  const { status, version } = view;
  const pickedFor = useRef(-1);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the 刷新 button's request
  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    setVersions((v) => (v.state === 'done' ? v : { state: 'loading' }));
    fetchVersions(projectId, controller.signal).then(
      (list) => {
        setVersions({ state: 'done', value: list });
        if (pickedFor.current !== version) {
          pickedFor.current = version;
          setPick(defaultComparison({ status }, list));
        }
      },
      (e) => (e as Error).name !== 'AbortError' && setVersions({ state: 'error', message: errorMessage(e) }),
    );
    return () => controller.abort();
  }, [open, projectId, status, version, tick]);

  useEffect(() => {
    if (!open || !pick) return;
    const controller = new AbortController();
    setDiff({ state: 'loading' });
    fetchDiff(projectId, pick.from, pick.to, controller.signal).then(
      (value) => setDiff({ state: 'done', value }),
      (e) => (e as Error).name !== 'AbortError' && setDiff({ state: 'error', message: errorMessage(e) }),
    );
    return () => controller.abort();
  }, [open, projectId, pick]);

  const list = versions.state === 'done' ? versions.value : [];
  const submits = list.filter((v) => v.action === 'submit').length;
  const fromOptions = useMemo(
    () => [
      ...(submits >= 1 ? [{ value: 'last-submit', label: '最近一次提交' }] : []),
      ...(submits >= 2 ? [{ value: 'previous-submit', label: '上一次提交（退回前）' }] : []),
      ...[...list].reverse().map((v) => ({ value: v.id, label: label(v) })),
    ],
    [list, submits],
  );
  const toOptions = useMemo(() => [{ value: 'current', label: '当前内容' }, ...[...list].reverse().map((v) => ({ value: v.id, label: label(v) }))], [list]);

  const compare = (from: string, to = 'current') => setPick({ from, to, title: to === 'current' ? '与当前内容对比' : '两个版本对比' });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title="版本记录"
      width={760}
      rootClassName="history-drawer"
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={() => {
            setTick((t) => t + 1);
            setPick((p) => p && { ...p });
          }}>
          刷新
        </Button>
      }
    >
      <div data-testid="history">
        <h4 style={{ margin: '0 0 8px', fontSize: 14 }}>流程记录</h4>
        {versions.state === 'error' ? (
          <Alert type="error" showIcon message={versions.message} />
        ) : versions.state !== 'done' ? (
          <Spin size="small" />
        ) : !list.length ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="此表还没有提交过，暂无版本" />
        ) : (
          <ol className="wf-versions">
            {[...list].reverse().map((v) => (
              <li key={v.id} className="wf-version" data-testid="version" data-action={v.action}>
                <span className="wf-version-seq">#{v.seq}</span>
                <div>
                  <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
                    <Tag color={ACTION_COLOR[v.action] ?? 'default'} style={{ marginInlineEnd: 0 }}>
                      {actionLabel(v.action)}
                    </Tag>
                    <span>{v.by?.name ?? '—'}</span>
                    <span style={{ color: 'rgba(0,0,0,0.45)' }}>
                      {v.stage ? `于“${v.stage.name}”` : ''} · {dayjs(v.createdAt).format('YYYY-MM-DD HH:mm:ss')}
                    </span>
                    <Button type="link" size="small" style={{ marginLeft: 'auto' }} onClick={() => compare(v.id)} data-testid="compare-with-current">
                      与当前对比
                    </Button>
                  </div>
                  {v.reason && <div className="wf-version-reason">退回原因：{v.reason}</div>}
                </div>
              </li>
            ))}
          </ol>
        )}

        <h4 style={{ margin: '20px 0 8px', fontSize: 14 }}>内容对比{pick ? `：${pick.title}` : ''}</h4>
        {list.length > 0 && (
          <div className="wf-diff-pick">
            <span>从</span>
            <Select
              size="small"
              style={{ width: 260 }}
              value={pick?.from}
              placeholder="选择版本"
              options={fromOptions}
              onChange={(from: string) => compare(from, pick?.to ?? 'current')}
              data-testid="diff-from"
            />
            <span>到</span>
            <Select
              size="small"
              style={{ width: 260 }}
              value={pick?.to ?? 'current'}
              options={toOptions}
              onChange={(to: string) => pick && compare(pick.from, to)}
              data-testid="diff-to"
            />
          </div>
        )}
        {!pick ? null : diff.state === 'error' ? (
          <Alert type="info" showIcon message={diff.message} />
        ) : diff.state !== 'done' ? (
          <Spin size="small" />
        ) : (
          <DiffView diff={diff.value} />
        )}
      </div>
    </Drawer>
  );
}
