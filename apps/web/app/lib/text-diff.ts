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

/** One replacement: `removed` characters at `start` give way to `inserted`. */
export interface TextChange {
  start: number;
  removed: number;
  inserted: string;
}

/**
 * The single replacement that turns `prev` into `next`, or null when they are equal. With the
 * caret position after the edit (`caret`), a pure insertion ending at the caret or a pure deletion
 * at the caret is preferred over the plain common prefix/suffix answer, so typing 哈 into 哈哈 is
 * located where the user typed it.
 */
export function diffText(prev: string, next: string, caret?: number | null): TextChange | null {
  if (prev === next) return null;
  const grow = next.length - prev.length;
  if (caret != null && caret >= 0 && caret <= next.length) {
    if (grow > 0 && caret >= grow) {
      const start = caret - grow;
      if (next.startsWith(prev.slice(0, start)) && next.endsWith(prev.slice(start))) {
        return { start, removed: 0, inserted: next.slice(start, caret) };
      }
    } else if (grow < 0) {
      if (prev.startsWith(next.slice(0, caret)) && prev.endsWith(next.slice(caret))) {
        return { start: caret, removed: -grow, inserted: '' };
      }
    }
  }
  let start = 0;
  const max = Math.min(prev.length, next.length);
  while (start < max && prev[start] === next[start]) start++;
  if (start > 0 && isHighSurrogate(prev.charCodeAt(start - 1))) start--; // never split a pair
  let end = 0;
  while (end < max - start && prev[prev.length - 1 - end] === next[next.length - 1 - end]) end++;
  if (end > 0 && isLowSurrogate(prev.charCodeAt(prev.length - end))) end--;
  return { start, removed: prev.length - start - end, inserted: next.slice(start, next.length - end) };
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
