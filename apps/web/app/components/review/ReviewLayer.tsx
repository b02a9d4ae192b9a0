/**
 * The review loop on the editor page: one hook gathers the live state (threads, sign-offs, last
 * changes, all refetched on the table's events) into what the page's parts show, and the
 * layer renders the thread drawer and the sign-off dialog (both loaded on first use).
 */
import { HEADER_FIELDS, MONEY_FIELDS, type TableJSON } from '@jixiao/table';
import { useSearchParams } from '@remix-run/react';
import { App } from 'antd';
import { type ReactNode, Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../lib/review/api';
import { offerSign, rowReviews, signoffMark } from '../../lib/review/row-reviews';
import { useChanges } from '../../lib/review/use-changes';
import { type StreamState, useEventStream } from '../../lib/review/use-project-events';
import { type Signoffs, type SignoffTarget, targetKey, useSignoffs } from '../../lib/review/use-signoffs';
import { type AnchorInput, type AnchorView, type Threads, type UserRef, useMentionable, useThreads } from '../../lib/review/use-threads';
import type { FieldComments } from '../HeaderForm';
import type { ReviewRowHandlers, RowReview } from './ReviewCell';
import { SignoffBadge } from './ReviewCell';
import type { AnchorOption, ThreadFilter } from './ReviewDrawer';
import { SignoffSummaryPanel } from './SignoffSummaryPanel';
import reviewCss from './review.css?inline';

const ReviewDrawer = lazy(() => import('./ReviewDrawer'));
const SignoffDialog = lazy(() => import('./SignoffDialog'));

type Section = 'basic' | 'money' | 'goal';
const SECTION_LABEL: Record<Section, string> = { basic: '基本信息', money: '资金', goal: '绩效目标' };
const FIELD_LABEL: Record<string, string> = { ...HEADER_FIELDS, ...MONEY_FIELDS };

interface DrawerState {
  open: boolean;
  /** mounted once opened (the lazy chunk is loaded then) */
  loaded: boolean;
  scope: AnchorInput | null;
  filter: ThreadFilter;
  focusThread: string | null;
}

export interface Review {
  projectId: string;
  /** the live event stream's state (open: changes by others show within a second) */
  stream: StreamState;
  me: UserRef;
  canSign: boolean;
  threads: Threads;
  signoffs: Signoffs;
  openThreads: number;
  rows: Map<string, RowReview>;
  rowHandlers: ReviewRowHandlers;
  fieldComments: FieldComments;
  goalComments: { open: number; total: number; onOpen(): void };
  summaryPanel: ReactNode;
  openAll(): void;
  sectionMark(section: Section): { mark: ReturnType<typeof signoffMark>; canSign: boolean };
  openSignoffs(target: SignoffTarget, label: string): void;
  sign(target: SignoffTarget): void;
  drawer: DrawerState;
  setDrawer: React.Dispatch<React.SetStateAction<DrawerState>>;
  dialog: { target: SignoffTarget; label: string } | null;
  closeDialog(): void;
  anchorLabel(anchor: AnchorView | AnchorInput): string;
  anchorOptions: AnchorOption[];
  jump(anchor: AnchorView | AnchorInput): void;
}

/** Scroll a place of the table into view and make it flash. */
function jumpTo(anchor: AnchorView | AnchorInput): void {
  const selector =
    anchor.kind === 'indicator'
      ? `tr[data-row-id="${CSS.escape(anchor.indicatorId)}"]`
      : anchor.kind === 'header'
        ? `[data-finding-key="${CSS.escape(`header:${anchor.field}`)}"]`
        : '[data-finding-key="goal"]';
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) return;
  el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  el.classList.remove('review-flash');
  void el.offsetWidth; // restart the animation
  el.classList.add('review-flash');
  setTimeout(() => el.classList.remove('review-flash'), 2400);
}

export function useReview({ projectId, me, canSign, table }: { projectId: string; me: UserRef; canSign: boolean; table: TableJSON }): Review {
  const { message } = App.useApp();
  const { hub, state: stream } = useEventStream(projectId);
  const onError = useCallback((e: unknown) => message.error({ content: errorMessage(e), key: 'review-load' }), [message]);
  const threads = useThreads(projectId, hub, onError);
  const signoffs = useSignoffs(projectId, hub, onError);
  const changes = useChanges(projectId, hub);
  const [drawer, setDrawer] = useState<DrawerState>({ open: false, loaded: false, scope: null, filter: 'open', focusThread: null });
  const [dialog, setDialog] = useState<{ target: SignoffTarget; label: string } | null>(null);

  const indicators = table.indicators;
  const byId = useMemo(() => new Map(indicators.flatMap((r) => (r.id ? [[r.id, r] as const] : []))), [indicators]);
  const anchorLabel = useCallback(
    (anchor: AnchorView | AnchorInput) => {
      if (anchor.kind === 'indicator') {
        const row = byId.get(anchor.indicatorId);
        if (!row || ('deleted' in anchor && anchor.deleted)) return '已删除的指标';
        return `${row.level2} · ${row.name.trim() || '未命名指标'}`;
      }
      if (anchor.kind === 'header') return `项目基本信息 · ${FIELD_LABEL[anchor.field] ?? anchor.field}`;
      return '年度总体绩效目标';
    },
    [byId],
  );
  const anchorOptions = useMemo<AnchorOption[]>(
    () => [
      ...Object.entries(FIELD_LABEL).map(([field, label]) => ({ key: `header:${field}`, label, group: '项目基本信息', anchor: { kind: 'header' as const, field } })),
      { key: 'goal', label: '年度总体绩效目标', group: '年度总体绩效目标', anchor: { kind: 'goal' as const } },
      ...indicators.flatMap((r) =>
        r.id ? [{ key: `row:${r.id}`, label: `${r.level2} · ${r.name.trim() || '未命名指标'}`, group: '绩效指标', anchor: { kind: 'indicator' as const, indicatorId: r.id } }] : [],
      ),
    ],
    [indicators],
  );

  const openScope = useCallback((scope: AnchorInput | null, focusThread: string | null = null) => {
    setDrawer((d) => ({ ...d, open: true, loaded: true, scope, focusThread }));
  }, []);

  const sign = useCallback(
    (target: SignoffTarget) => {
      signoffs.sign(target).then(
        () => message.success('已签署'),
        (e) => message.error(errorMessage(e)),
      );
    },
    [signoffs, message],
  );

  // rows: marks by id, unchanged rows keep their object
  const prevRows = useRef(new Map<string, RowReview>());
  const rows = useMemo(() => {
    const next = rowReviews(
      {
        rowIds: [...byId.keys()],
        openThreads: threads.openCount,
        allThreads: threads.totalCount,
        signoffs: signoffs.byTarget,
        changes,
        canSign,
        meId: me.id,
      },
      prevRows.current,
    );
    prevRows.current = next;
    return next;
  }, [byId, threads.openCount, threads.totalCount, signoffs.byTarget, changes, canSign, me.id]);

  const latest = useRef({ sign, anchorLabel, openScope });
  latest.current = { sign, anchorLabel, openScope };
  const [rowHandlers] = useState<ReviewRowHandlers>(() => ({
    threads: (rowId) => latest.current.openScope({ kind: 'indicator', indicatorId: rowId }),
    signoffs: (rowId) => setDialog({ target: { kind: 'indicator', indicatorId: rowId }, label: latest.current.anchorLabel({ kind: 'indicator', indicatorId: rowId }) }),
    sign: (rowId) => latest.current.sign({ kind: 'indicator', indicatorId: rowId }),
  }));

  const fieldComments = useMemo<FieldComments>(() => {
    const marks = new Map<string, { open: number; total: number }>();
    for (const [key, total] of threads.totalCount) {
      if (key.startsWith('header:')) marks.set(key.slice(7), { open: threads.openCount.get(key) ?? 0, total });
    }
    return { marks, onOpen: (field) => openScope({ kind: 'header', field }) };
  }, [threads.openCount, threads.totalCount, openScope]);
  const goalComments = useMemo(
    () => ({ open: threads.openCount.get('goal') ?? 0, total: threads.totalCount.get('goal') ?? 0, onOpen: () => openScope({ kind: 'goal' }) }),
    [threads.openCount, threads.totalCount, openScope],
  );

  const openThreads = useMemo(() => [...threads.openCount.values()].reduce((a, b) => a + b, 0), [threads.openCount]);

  const sectionMark = useCallback(
    (section: Section) => {
      const list = signoffs.byTarget.get(targetKey({ kind: 'section', section }));
      return { mark: signoffMark(list), canSign: offerSign(canSign, list, me.id) };
    },
    [signoffs.byTarget, canSign, me.id],
  );

  const tableList = signoffs.byTarget.get('table');
  const tableMark = useMemo(() => signoffMark(tableList), [tableList]);
  const summaryPanel = (
    <SignoffSummaryPanel
      summary={signoffs.summary}
      tableMark={tableMark}
      canSignTable={offerSign(canSign, tableList, me.id)}
      onTable={() => setDialog({ target: { kind: 'table' }, label: '整表' })}
      onSignTable={() => sign({ kind: 'table' })}
    />
  );

  // a notification's link: /projects/:id?thread=… opens that thread where it is
  const [params] = useSearchParams();
  const wanted = params.get('thread');
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (!wanted || !threads.list || shown.current === wanted) return;
    const t = threads.list.find((x) => x.id === wanted);
    if (!t) return;
    shown.current = wanted;
    openScope(t.anchor.kind === 'indicator' ? { kind: 'indicator', indicatorId: t.anchor.indicatorId } : t.anchor.kind === 'header' ? { kind: 'header', field: t.anchor.field } : { kind: 'goal' }, t.id);
    setTimeout(() => jumpTo(t.anchor), 100);
  }, [wanted, threads.list, openScope]);

  return {
    projectId,
    stream,
    me,
    canSign,
    threads,
    signoffs,
    openThreads,
    rows,
    rowHandlers,
    fieldComments,
    goalComments,
    summaryPanel,
    openAll: () => openScope(null),
    sectionMark,
    openSignoffs: (target, label) => setDialog({ target, label }),
    sign,
    drawer,
    setDrawer,
    dialog,
    closeDialog: () => setDialog(null),
    anchorLabel,
    anchorOptions,
    jump: jumpTo,
  };
}

/** The drawer of threads and the sign-off dialog, mounted on first use. */
export function ReviewLayer({ review }: { review: Review }) {
  const { drawer, setDrawer } = review;
  const users = useMentionable(review.projectId, drawer.loaded);
  const [dialogLoaded, setDialogLoaded] = useState(false);
  useEffect(() => {
    if (review.dialog) setDialogLoaded(true);
  }, [review.dialog]);
  return (
    <>
      {/* no characters React escapes in review.css: the text is the stylesheet as written */}
      <style data-review-css>{reviewCss}</style>
      <span hidden data-testid="review-events" data-state={review.stream} />
      {/* mounted only once needed: a boundary rendered on the server and updated while the page
          still hydrates would make React throw its markup away (error #421) */}
      {(drawer.loaded || dialogLoaded) && (
        <Suspense fallback={null}>
        {drawer.loaded && (
          <ReviewDrawer
            open={drawer.open}
            onClose={() => setDrawer((d) => ({ ...d, open: false, focusThread: null }))}
            threads={review.threads}
            me={review.me}
            users={users}
            scope={drawer.scope}
            onScope={(scope) => setDrawer((d) => ({ ...d, scope, focusThread: null }))}
            filter={drawer.filter}
            onFilter={(filter) => setDrawer((d) => ({ ...d, filter }))}
            focusThread={drawer.focusThread}
            anchorLabel={review.anchorLabel}
            anchorOptions={review.anchorOptions}
            onJump={review.jump}
          />
        )}
        {dialogLoaded && (
          <SignoffDialog
            target={review.dialog?.target ?? null}
            label={review.dialog?.label ?? ''}
            signoffs={review.signoffs}
            meId={review.me.id}
            canSign={review.canSign}
            onClose={review.closeDialog}
          />
        )}
        </Suspense>
      )}
    </>
  );
}

/** A section's title with its sign-off badges and 签署 (项目基本信息: 基本信息 and 资金; the goal). */
export function SectionMarks({ title, review, sections }: { title: string; review: Review; sections: Section[] }) {
  return (
    <span className="section-title">
      {title}
      <span className="section-marks">
        {sections.map((section) => {
          const { mark, canSign } = review.sectionMark(section);
          const target: SignoffTarget = { kind: 'section', section };
          const label = SECTION_LABEL[section];
          if (!mark && !canSign) return null;
          return (
            <span key={section} className="section-mark" data-testid={`section-${section}`}>
              {sections.length > 1 && <span className="section-mark-label">{label}</span>}
              {mark && <SignoffBadge mark={mark} onClick={() => review.openSignoffs(target, label)} />}
              {canSign && (
                <button type="button" className="review-link" onClick={() => review.sign(target)} data-testid={`sign-section-${section}`}>
                  签署
                </button>
              )}
            </span>
          );
        })}
      </span>
    </span>
  );
}

