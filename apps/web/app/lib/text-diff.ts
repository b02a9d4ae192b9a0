import type * as Y from 'yjs';

/**
 * Apply the change from `prev` to `next` to a Y.Text as one delete + one insert around the
 * common prefix and suffix, so concurrent typing elsewhere in the text merges.
 */
export function applyTextChange(text: Y.Text, prev: string, next: string): void {
  if (prev === next) return;
  let start = 0;
  const max = Math.min(prev.length, next.length);
  while (start < max && prev[start] === next[start]) start++;
  let end = 0;
  while (end < max - start && prev[prev.length - 1 - end] === next[next.length - 1 - end]) end++;
  const removed = prev.length - start - end;
  if (removed > 0) text.delete(start, removed);
  const inserted = next.slice(start, next.length - end);
  if (inserted) text.insert(start, inserted);
}

/** Where a caret at `pos` lands after a remote Y.Text delta. */
export function transformPosition(pos: number, delta: Array<{ insert?: unknown; delete?: number; retain?: number }>): number {
  let index = 0;
  let out = pos;
  for (const op of delta) {
    if (op.retain) {
      index += op.retain;
    } else if (op.insert !== undefined) {
      const len = typeof op.insert === 'string' ? op.insert.length : 1;
      if (index < out || (index === out && index < pos)) out += len;
      index += len;
    } else if (op.delete) {
      if (index < out) out -= Math.min(op.delete, out - index);
    }
    if (index > out) break;
  }
  return out;
}
