/**
 * The review marks of the table's parts, for the grid's rows and the header's sections: open
 * threads, the sign-off badge (with what changed when stale), whether 签署 is offered, and who
 * changed the part last. Rows whose marks did not change keep their object, so the grid
 * re-renders only the rows concerned.
 */
import { ROLES } from '@jixiao/core/roles';
import dayjs from 'dayjs';
import type { RowReview, SignoffMark } from '../../components/review/ReviewCell';
import type { PartChangeView } from './use-changes';
import type { SignoffView } from './use-signoffs';

const ROLE_LABEL = ROLES as Record<string, string>;

export function lastChangeText(change: PartChangeView | undefined): string | null {
  return change ? `最后修改：${change.user.name} · ${dayjs(change.changedAt).format('MM-DD HH:mm')}` : null;
}

/** One line per sign-off: who, in which role, when; for a stale one what changed, old → new. */
export function signoffTitle(list: SignoffView[]): string {
  return list
    .map((s) => {
      const head = `${s.user.name}（${s.unit.name} · ${ROLE_LABEL[s.role] ?? s.role}）于 ${dayjs(s.createdAt).format('YYYY-MM-DD HH:mm')} 签署`;
      if (!s.stale) return head;
      const changes = s.changes.map((c) => `  ${c.label}：${c.before || '（空）'} → ${c.after || '（空）'}`);
      return [`${head}，签署后已修改：`, ...(changes.length ? changes : ['  内容已变化'])].join('\n');
    })
    .join('\n');
}

/** 已过期 as soon as one of the target's sign-offs is stale; none: null. */
export function signoffMark(list: SignoffView[] | undefined): SignoffMark | null {
  if (!list?.length) return null;
  return { state: list.some((s) => s.stale) ? 'stale' : 'signed', title: signoffTitle(list) };
}

/** Whether to offer 签署: allowed, and no current (fresh) sign-off of one's own on the target. */
export function offerSign(canSign: boolean, list: SignoffView[] | undefined, meId: string): boolean {
  return canSign && !list?.some((s) => s.user.id === meId && !s.stale);
}

const same = (a: RowReview | undefined, b: RowReview) =>
  !!a &&
  a.openThreads === b.openThreads &&
  a.threads === b.threads &&
  a.canSign === b.canSign &&
  a.lastChange === b.lastChange &&
  a.signoff?.state === b.signoff?.state &&
  a.signoff?.title === b.signoff?.title;

export interface RowReviewInput {
  rowIds: string[];
  openThreads: Map<string, number>;
  allThreads: Map<string, number>;
  signoffs: Map<string, SignoffView[]>;
  changes: Map<string, PartChangeView>;
  canSign: boolean;
  meId: string;
}

/** Marks by row id; unchanged rows keep `prev`'s object, and nothing changed returns `prev`. */
export function rowReviews(input: RowReviewInput, prev: Map<string, RowReview>): Map<string, RowReview> {
  const out = new Map<string, RowReview>();
  let changed = prev.size !== input.rowIds.length;
  for (const id of input.rowIds) {
    const list = input.signoffs.get(`indicator:${id}`);
    const next: RowReview = {
      openThreads: input.openThreads.get(`row:${id}`) ?? 0,
      threads: input.allThreads.get(`row:${id}`) ?? 0,
      signoff: signoffMark(list),
      canSign: offerSign(input.canSign, list, input.meId),
      lastChange: lastChangeText(input.changes.get(`indicator:${id}`)),
    };
    const old = prev.get(id);
    if (same(old, next)) out.set(id, old!);
    else {
      out.set(id, next);
      changed = true;
    }
  }
  return changed ? out : prev;
}
