/**
 * The review marks of one indicator row (the grid's 审阅 column, for everyone who sees the
 * table): the open threads' count (a click opens them, or a new comment when there are none),
 * the sign-off badge (已签 / 已过期, what changed in its title), 签署 for those who may sign,
 * and, on hover of the row, who changed it last. Plain markup and native titles: every row has
 * one, so nothing here loads antd.
 */
import { memo } from 'react';

/** What one row shows; rows keep the same object while nothing of theirs changes. */
export interface RowReview {
  openThreads: number;
  /** threads of the row, open or resolved */
  threads: number;
  signoff: SignoffMark | null;
  /** 签署 offered (the user may sign and has no current sign-off of this target) */
  canSign: boolean;
  /** "最后修改：姓名 · 时间" */
  lastChange: string | null;
}

export interface SignoffMark {
  state: 'signed' | 'stale';
  /** the badge's tooltip: who signed, and for a stale one what changed, old → new */
  title: string;
}

/** Stable handlers shared by every row. */
export interface ReviewRowHandlers {
  threads(rowId: string): void;
  signoffs(rowId: string): void;
  sign(rowId: string): void;
}

const MESSAGE_PATH =
  'M464 512a48 48 0 1096 0 48 48 0 10-96 0zm200 0a48 48 0 1096 0 48 48 0 10-96 0zm-400 0a48 48 0 1096 0 48 48 0 10-96 0zm661.2-173.6c-22.6-53.7-55-101.9-96.3-143.3a444.35 444.35 0 00-143.3-96.3C630.6 75.7 572.2 64 512 64h-2c-60.6.3-119.3 12.3-174.5 35.9a445.35 445.35 0 00-142 96.5c-40.9 41.3-73 89.3-95.2 142.8-23 55.4-34.6 114.3-34.3 174.9A449.4 449.4 0 00112 714v152a46 46 0 0046 46h152.1A449.4 449.4 0 00510 960h2.1c59.9 0 118-11.6 172.7-34.3a444.48 444.48 0 00142.8-95.2c41.3-40.9 73.8-88.7 96.5-142 23.6-55.2 35.6-113.9 35.9-174.5.3-60.9-11.5-120-34.8-175.6zm-151.1 438C704 845.8 611 884 512 884h-1.7c-60.3-.3-120.2-15.3-173.1-43.5l-8.4-4.5H188V695.2l-4.5-8.4C155.3 633.9 140.3 574 140 513.7c-.4-99.7 37.7-193.3 107.6-263.8 69.8-70.5 163.1-109.5 262.8-109.9h1.7c50 0 98.5 9.7 144.2 28.9 44.6 18.7 84.6 45.6 119 80 34.3 34.3 61.3 74.4 80 119 19.4 46.2 29.1 95.2 28.9 145.8-.6 99.6-39.7 192.9-110.1 262.7z';

/** The message icon once per page (MessageOutlined of @ant-design/icons-svg, MIT); marks refer to it. */
export function ReviewIconSprite() {
  return (
    <svg className="row-icon-sprite" aria-hidden="true" focusable="false">
      <symbol id="review-icon-message" viewBox="64 64 896 896">
        <path d={MESSAGE_PATH} />
      </symbol>
    </svg>
  );
}

export function MessageIcon() {
  return (
    <svg className="row-icon" aria-hidden="true" focusable="false">
      <use href="#review-icon-message" />
    </svg>
  );
}

/** The comment mark of a field or a row: the open threads' count, or a faint icon to start one. */
export function CommentMark({ open, total, label, onClick }: { open: number; total: number; label: string; onClick(): void }) {
  const title = open ? `${open} 条未解决的讨论，点击查看` : total ? `讨论均已解决，点击查看或评论` : `评论${label}`;
  return (
    <button
      type="button"
      className={open ? 'comment-mark has-open' : total ? 'comment-mark has-threads' : 'comment-mark'}
      title={title}
      aria-label={title}
      data-testid="comment-mark"
      data-open={open}
      onClick={onClick}
    >
      <MessageIcon />
      {open > 0 && <span className="comment-count">{open}</span>}
    </button>
  );
}

export function SignoffBadge({ mark, onClick }: { mark: SignoffMark; onClick(): void }) {
  return (
    <button
      type="button"
      className={`signoff-badge signoff-${mark.state}`}
      title={mark.title}
      data-testid="signoff-badge"
      data-state={mark.state}
      onClick={onClick}
    >
      {mark.state === 'signed' ? '已签' : '已过期'}
    </button>
  );
}

export const ReviewCell = memo(function ReviewCell({ rowId, review, handlers }: { rowId: string | null; review?: RowReview; handlers: ReviewRowHandlers }) {
  if (!rowId) return <td className="review-cell" />;
  return (
    <td className="review-cell">
      <div className="review-marks">
        <CommentMark open={review?.openThreads ?? 0} total={review?.threads ?? 0} label="此指标" onClick={() => handlers.threads(rowId)} />
        {review?.signoff && <SignoffBadge mark={review.signoff} onClick={() => handlers.signoffs(rowId)} />}
        {review?.canSign && (
          <button type="button" className="review-link" data-testid="sign-row" title="签署此指标：确认其当前内容" onClick={() => handlers.sign(rowId)}>
            签署
          </button>
        )}
      </div>
      {review?.lastChange && (
        <div className="last-change" data-testid="last-change">
          {review.lastChange}
        </div>
      )}
    </td>
  );
});
