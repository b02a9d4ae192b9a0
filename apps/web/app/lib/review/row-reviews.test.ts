import { describe, expect, it } from 'vitest';
import { type RowReviewInput, rowReviews } from './row-reviews';
import type { PartChangeView } from './use-changes';

const change = (part: string, at: string, name = '张三'): PartChangeView =>
  ({ part, user: { id: 'u1', name }, changedAt: at });

function input(changes: PartChangeView[], rowIds = ['r1', 'r2']): RowReviewInput {
  return {
    rowIds,
    openThreads: new Map(),
    allThreads: new Map(),
    signoffs: new Map(),
    changes: new Map(changes.map((c) => [c.part, c])),
    canSign: false,
    meId: 'u1',
  };
}

describe('rowReviews', () => {
  it('returns the same map when nothing shown changed, so the grid does not re-render', () => {
    const first = rowReviews(input([change('indicator:r1', '2026-11-26T10:00:05Z')]), new Map());
    // a later keystroke in the same minute by the same person: the same text is shown
    const again = rowReviews(input([change('indicator:r1', '2026-11-26T10:00:40Z')]), first);
    expect(again).toBe(first);
  });

  it('keeps the rows that did not change and replaces the one that did', () => {
    const first = rowReviews(input([change('indicator:r1', '2026-11-26T10:00:05Z')]), new Map());
    const next = rowReviews(input([change('indicator:r1', '2026-11-26T10:00:05Z'), change('indicator:r2', '2026-11-26T10:01:00Z', '李四')]), first);
    expect(next).not.toBe(first);
    expect(next.get('r1')).toBe(first.get('r1'));
    expect(next.get('r2')?.lastChange).toMatch(/^最后修改：李四 · /);
  });

  it('a row added or removed is a change', () => {
    const first = rowReviews(input([]), new Map());
    expect(rowReviews(input([], ['r1']), first)).not.toBe(first);
    expect(rowReviews(input([], ['r1', 'r2', 'r3']), first).get('r3')).toBeDefined();
  });
});
