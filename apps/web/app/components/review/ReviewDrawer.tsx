/**
 * 讨论: the table's threads beside the editor (an antd Drawer without a mask, so the table stays
 * usable). Filters 未解决 / 已解决 / 我发起的 / 提到我的, or the threads of one place (an indicator,
 * a header field, the goal) with a box to start a new one there. Each thread shows where it is
 * (a click scrolls there), its comments as plain text, replies with @mentions, editing and
 * deleting one's own comments, and 解决 / 重新打开.
 *
 * Loaded on first open (React.lazy): the editor's first scripts carry none of this.
 */
import { App, Button, Drawer, Empty, Popconfirm, Segmented, Select, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { Fragment, memo, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../lib/review/api';
import { type AnchorInput, type AnchorView, type CommentView, type Threads, type ThreadView, type UserRef, anchorKey } from '../../lib/review/use-threads';
import { CommentBox } from './CommentBox';

export type ThreadFilter = 'open' | 'resolved' | 'mine' | 'mentions';

export interface AnchorOption {
  key: string;
  label: string;
  group: string;
  anchor: AnchorInput;
}

export interface ReviewDrawerProps {
  open: boolean;
  onClose(): void;
  threads: Threads;
  me: UserRef;
  users: UserRef[];
  /** the place whose threads show (with a box for a new one); null: all, by the filter */
  scope: AnchorInput | null;
  onScope(scope: AnchorInput | null): void;
  filter: ThreadFilter;
  onFilter(filter: ThreadFilter): void;
  /** a thread to bring into view (from a notification) */
  focusThread: string | null;
  anchorLabel(anchor: AnchorView | AnchorInput): string;
  /** places a new thread may be about, for 发起讨论 */
  anchorOptions: AnchorOption[];
  onJump(anchor: AnchorView | AnchorInput): void;
}

const FILTERS: Array<{ value: ThreadFilter; label: string }> = [
  { value: 'open', label: '未解决' },
  { value: 'resolved', label: '已解决' },
  { value: 'mine', label: '我发起的' },
  { value: 'mentions', label: '提到我的' },
];

const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

export default function ReviewDrawer(props: ReviewDrawerProps) {
  const { threads, me, scope, filter } = props;
  const { message } = App.useApp();
  const all = threads.list ?? [];
  const [composing, setComposing] = useState(false);
  const [newAnchor, setNewAnchor] = useState<string | undefined>(undefined);

  const matches: Record<ThreadFilter, (t: ThreadView) => boolean> = {
    open: (t) => t.status === 'open',
    resolved: (t) => t.status === 'resolved',
    mine: (t) => t.createdBy.id === me.id,
    mentions: (t) => t.comments.some((c) => c.mentions.some((m) => m.id === me.id)),
  };
  const counts = Object.fromEntries(FILTERS.map((f) => [f.value, all.filter(matches[f.value]).length])) as Record<ThreadFilter, number>;
  const scopeKey = scope ? anchorKey(scope) : null;
  const shown = scopeKey
    ? all.filter((t) => anchorKey(t.anchor) === scopeKey).sort((a, b) => (a.status === b.status ? 0 : a.status === 'open' ? -1 : 1))
    : all.filter(matches[filter]).slice().reverse();

  const fail = (e: unknown) => {
    message.error(errorMessage(e));
    throw e;
  };

  // a thread asked for (a notification's link): show it and bring it into view
  const body = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!props.open || !props.focusThread || !threads.list) return;
    const el = body.current?.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(props.focusThread)}"]`);
    if (!el) return;
    el.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    el.classList.remove('thread-flash');
    void el.offsetWidth;
    el.classList.add('thread-flash');
  }, [props.open, props.focusThread, threads.list]);

  const newThread = (anchor: AnchorInput) => async (text: string, mentions: string[]) => {
    const t = await threads.create(anchor, text, mentions).catch(fail);
    message.success('评论已发表');
    setComposing(false);
    return t;
  };

  return (
    <Drawer
      title={
        <Space size={8}>
          讨论
          <span className="drawer-count" data-testid="open-thread-count">
            {counts.open} 条未解决
          </span>
        </Space>
      }
      placement="right"
      width={440}
      mask={false}
      open={props.open}
      onClose={props.onClose}
      rootClassName="review-drawer"
      data-testid="review-drawer"
      styles={{ body: { padding: 0 } }}
      extra={
        !scope && (
          <Button size="small" type="primary" ghost onClick={() => setComposing((c) => !c)} data-testid="new-thread">
            发起讨论
          </Button>
        )
      }
    >
      <div className="review-drawer-body" ref={body} data-testid="threads-panel">
        {scope ? (
          <div className="thread-scope">
            <div className="thread-scope-head">
              <span className="thread-scope-label" title={props.anchorLabel(scope)}>
                {props.anchorLabel(scope)}
              </span>
              <Button type="link" size="small" onClick={() => props.onScope(null)} data-testid="all-threads">
                查看全部讨论
              </Button>
            </div>
            <CommentBox
              key={scopeKey}
              users={props.users}
              autoFocus
              placeholder="发表评论，输入 @ 提及相关人员"
              submitText="发表评论"
              testId="new-comment"
              onSubmit={newThread(scope)}
            />
          </div>
        ) : (
          <>
            <div className="thread-filters">
              <Segmented<ThreadFilter>
                block
                size="small"
                value={filter}
                onChange={props.onFilter}
                options={FILTERS.map((f) => ({ value: f.value, label: `${f.label} ${counts[f.value]}` }))}
                data-testid="thread-filter"
              />
            </div>
            {composing && (
              <div className="thread-scope">
                <Select
                  showSearch
                  size="small"
                  style={{ width: '100%', marginBottom: 8 }}
                  placeholder="选择要讨论的指标或字段"
                  optionFilterProp="label"
                  value={newAnchor}
                  onChange={setNewAnchor}
                  options={groupOptions(props.anchorOptions)}
                  data-testid="new-thread-anchor"
                />
                <CommentBox
                  users={props.users}
                  placeholder={newAnchor ? '发表评论，输入 @ 提及相关人员' : '请先选择要讨论的指标或字段'}
                  submitText="发表评论"
                  testId="new-comment"
                  onCancel={() => setComposing(false)}
                  onSubmit={(text, mentions) => {
                    const option = props.anchorOptions.find((o) => o.key === newAnchor);
                    if (!option) {
                      message.warning('请先选择要讨论的指标或字段');
                      return Promise.reject(new Error('no anchor'));
                    }
                    return newThread(option.anchor)(text, mentions);
                  }}
                />
              </div>
            )}
          </>
        )}
        {threads.list === null ? (
          <div className="threads-empty">正在加载讨论…</div>
        ) : shown.length === 0 ? (
          scope ? null : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={EMPTY[filter]} style={{ margin: '32px 0' }} />
          )
        ) : (
          <div className="thread-list">
            {shown.map((t) => (
              <ThreadCard
                key={t.id}
                thread={t}
                me={me}
                users={props.users}
                threads={threads}
                label={props.anchorLabel(t.anchor)}
                focused={t.id === props.focusThread}
                onJump={props.onJump}
                fail={fail}
              />
            ))}
          </div>
        )}
      </div>
    </Drawer>
  );
}

const EMPTY: Record<ThreadFilter, string> = {
  open: '没有未解决的讨论',
  resolved: '没有已解决的讨论',
  mine: '您还没有发起讨论',
  mentions: '没有提到您的讨论',
};

function groupOptions(options: AnchorOption[]) {
  const groups = new Map<string, Array<{ value: string; label: string }>>();
  for (const o of options) groups.set(o.group, [...(groups.get(o.group) ?? []), { value: o.key, label: o.label }]);
  return [...groups].map(([label, opts]) => ({ label, title: label, options: opts }));
}

const ThreadCard = memo(function ThreadCard({
  thread,
  me,
  users,
  threads,
  label,
  focused,
  onJump,
  fail,
}: {
  thread: ThreadView;
  me: UserRef;
  users: UserRef[];
  threads: Threads;
  label: string;
  focused: boolean;
  onJump(anchor: AnchorView): void;
  fail(e: unknown): never;
}) {
  const { message } = App.useApp();
  const [replying, setReplying] = useState(focused);
  const [busy, setBusy] = useState(false);
  const open = thread.status === 'open';
  const deleted = thread.anchor.kind === 'indicator' && thread.anchor.deleted;
  const toggle = async () => {
    setBusy(true);
    try {
      await (open ? threads.resolve(thread.id) : threads.reopen(thread.id));
      message.success(open ? '已标记为解决' : '已重新打开');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={open ? 'thread-card' : 'thread-card resolved'} data-testid="thread" data-thread-id={thread.id} data-status={thread.status}>
      <div className="thread-head">
        <button
          type="button"
          className={deleted ? 'thread-anchor deleted' : 'thread-anchor'}
          title={deleted ? '该指标已从表中删除' : '定位到表中位置'}
          disabled={deleted}
          onClick={() => onJump(thread.anchor)}
          data-testid="thread-anchor"
        >
          {label}
        </button>
        <Tag color={open ? 'orange' : 'green'} style={{ marginInlineEnd: 0 }}>
          {open ? '未解决' : '已解决'}
        </Tag>
      </div>
      {thread.comments.map((c) => (
        <CommentItem key={c.id} comment={c} mine={c.author.id === me.id} users={users} threads={threads} fail={fail} />
      ))}
      {!open && thread.resolvedBy && (
        <div className="thread-resolved-by">
          {thread.resolvedBy.name} 于 {when(thread.resolvedAt ?? thread.createdAt)} 标记为已解决
        </div>
      )}
      {replying && open ? (
        <CommentBox
          users={users}
          autoFocus={!focused}
          placeholder="回复，输入 @ 提及相关人员"
          submitText="回复"
          testId="reply-box"
          onCancel={() => setReplying(false)}
          onSubmit={async (text, mentions) => {
            await threads.reply(thread.id, text, mentions).catch(fail);
            setReplying(false);
          }}
        />
      ) : (
        <div className="thread-actions">
          {open && (
            <Button size="small" type="link" onClick={() => setReplying(true)} data-testid="reply">
              回复
            </Button>
          )}
          <Button size="small" type="link" loading={busy} onClick={() => void toggle()} data-testid={open ? 'resolve' : 'reopen'}>
            {open ? '解决' : '重新打开'}
          </Button>
        </div>
      )}
    </div>
  );
});

function CommentItem({
  comment,
  mine,
  users,
  threads,
  fail,
}: {
  comment: CommentView;
  mine: boolean;
  users: UserRef[];
  threads: Threads;
  fail(e: unknown): never;
}) {
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  return (
    <div className="comment" data-testid="comment" data-comment-id={comment.id}>
      <div className="comment-meta">
        <span className="comment-author">{comment.author.name}</span>
        <span className="comment-time">{when(comment.createdAt)}</span>
        {comment.editedAt && !comment.deleted && <span className="comment-time">（已编辑）</span>}
        {mine && !comment.deleted && !editing && (
          <span className="comment-own-actions">
            <button type="button" className="review-link" onClick={() => setEditing(true)} data-testid="edit-comment">
              编辑
            </button>
            <Popconfirm
              title="删除此评论？"
              description="删除后显示为“此评论已删除”。"
              okText="删除"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              onConfirm={() =>
                threads.remove(comment.id).then(
                  () => message.success('评论已删除'),
                  (e) => message.error(errorMessage(e)),
                )
              }
            >
              <button type="button" className="review-link danger" data-testid="delete-comment">
                删除
              </button>
            </Popconfirm>
          </span>
        )}
      </div>
      {editing ? (
        <CommentBox
          users={users}
          initial={comment.body}
          autoFocus
          placeholder="修改评论"
          submitText="保存"
          testId="edit-box"
          onCancel={() => setEditing(false)}
          onSubmit={async (text, mentions) => {
            await threads.edit(comment.id, text, mentions).catch(fail);
            setEditing(false);
          }}
        />
      ) : (
        <div className={comment.deleted ? 'comment-body deleted' : 'comment-body'} data-testid="comment-body">
          <CommentText body={comment.body} mentions={comment.deleted ? [] : comment.mentions} />
        </div>
      )}
    </div>
  );
}

/** The body as text; the @names of those it mentions stand out (still text nodes, never markup). */
function CommentText({ body, mentions }: { body: string; mentions: UserRef[] }) {
  const parts = useMemo(() => {
    const names = [...new Set(mentions.map((m) => m.name))].filter(Boolean).sort((a, b) => b.length - a.length);
    if (!names.length) return [body];
    const out: Array<string | { at: string }> = [];
    let rest = body;
    while (rest) {
      let best = -1;
      let name = '';
      for (const n of names) {
        const i = rest.indexOf(`@${n}`);
        if (i >= 0 && (best < 0 || i < best)) {
          best = i;
          name = n;
        }
      }
      if (best < 0) {
        out.push(rest);
        break;
      }
      if (best > 0) out.push(rest.slice(0, best));
      out.push({ at: `@${name}` });
      rest = rest.slice(best + name.length + 1);
    }
    return out;
  }, [body, mentions]);
  return (
    <>
      {parts.map((p, i) =>
        typeof p === 'string' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in order
          <Fragment key={i}>{p}</Fragment>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in order
          <span key={i} className="mention">
            {p.at}
          </span>
        ),
      )}
    </>
  );
}
