/**
 * Binds a plain text field (input or textarea) to a Y.Text, without React and without a DOM, so
 * it can be tested in Node.
 *
 * The field's value is only ever written by this binding. `base` is the value last rendered into
 * the field: every local edit is the difference between `base` and what the field holds now, the
 * user's own keystrokes and nothing else. Remote changes that arrive while the field shows `base`
 * are tracked as a map from each character of `base` to its index in the Y.Text now (or -1 when a
 * remote change deleted it); the local edit is applied at the mapped positions, so it never undoes
 * or duplicates a remote change, and the caret is mapped the same way.
 *
 * Normally a remote change is rendered at once (the map lives for one call). During an IME
 * composition nothing is written to the Y.Text and the field is left alone; remote changes pile
 * up in the map and are rendered at compositionend, together with the composed text.
 */
import type * as Y from 'yjs';
import { diffText } from './text-diff';

/** What the binding needs from an input or textarea. */
export interface TextFieldLike {
  readonly value: string;
  readonly selectionStart: number | null;
  readonly selectionEnd: number | null;
  setValue(value: string): void;
  /** Called only after setValue; implementations may ignore it when the field is not focused. */
  setSelection(start: number, end: number): void;
}

type Delta = Array<{ insert?: unknown; delete?: number; retain?: number }>;

export class YTextBinding {
  /** The value last rendered into the field. */
  private base: string;
  /** For each character of `base`, its index in the Y.Text now (-1: deleted); null: Y.Text === base. */
  private map: number[] | null = null;
  private composing = false;
  private readOnly: boolean;
  private readonly observer: (event: Y.YTextEvent, tr: Y.Transaction) => void;
  readonly text: Y.Text;
  readonly field: TextFieldLike;

  constructor(text: Y.Text, field: TextFieldLike, options: { readOnly?: boolean } = {}) {
    this.text = text;
    this.field = field;
    this.readOnly = options.readOnly ?? false;
    this.base = text.toString();
    if (field.value !== this.base) field.setValue(this.base);
    this.observer = (event, tr) => {
      if (tr.origin === this) return;
      this.map = applyDelta(this.map ?? identity(this.base.length), event.delta as Delta);
      if (!this.composing) this.reconcile();
    };
    text.observe(this.observer);
  }

  /** The field's `input` event. Ignored while composing. */
  input(): void {
    if (!this.composing) this.reconcile();
  }

  compositionStart(): void {
    this.composing = true;
  }

  /** The composed text goes into the Y.Text and the remote changes queued meanwhile are shown. */
  compositionEnd(): void {
    this.composing = false;
    this.reconcile();
  }

  get isComposing(): boolean {
    return this.composing;
  }

  setReadOnly(readOnly: boolean): void {
    this.readOnly = readOnly;
  }

  destroy(): void {
    this.text.unobserve(this.observer);
  }

  /**
   * Sends the local edit (field value vs `base`) to the Y.Text at positions mapped through the
   * remote changes since `base`, then renders the Y.Text with the caret mapped the same way.
   */
  private reconcile(): void {
    const { field, text } = this;
    const value = field.value;
    const change = this.readOnly ? null : diffText(this.base, value, field.selectionEnd);
    if (!change && this.map === null && value === this.base) return;
    const map = this.map ?? identity(this.base.length);
    // where each character of `value` is in the Y.Text after the local edit (-1: not there)
    let shown = map;
    if (change) {
      const { start, removed, inserted } = change;
      const at = leftOf(map, start);
      const gone: number[] = [];
      for (let i = start; i < start + removed; i++) if (map[i]! >= 0) gone.push(map[i]!);
      const edit = () => {
        // delete back to front so indices stay valid; runs of neighbours in one call
        for (let end = gone.length; end > 0; ) {
          let begin = end - 1;
          while (begin > 0 && gone[begin - 1] === gone[begin]! - 1) begin--;
          text.delete(gone[begin]!, end - begin);
          end = begin;
        }
        if (inserted) text.insert(at, inserted);
      };
      if (text.doc) text.doc.transact(edit, this);
      else edit();
      shown = new Array<number>(value.length);
      for (let i = 0; i < start; i++) shown[i] = map[i]!;
      for (let i = 0; i < inserted.length; i++) shown[start + i] = at + i;
      const shift = inserted.length - gone.length;
      for (let i = start + removed; i < map.length; i++) {
        shown[i - removed + inserted.length] = map[i]! < 0 ? -1 : map[i]! + shift;
      }
    }
    const next = text.toString();
    this.base = next;
    this.map = null;
    if (next === value) return;
    // selection in `value` coordinates (read-only: a refused edit is dropped, positions clamped)
    const selStart = Math.min(field.selectionStart ?? shown.length, shown.length);
    const selEnd = Math.min(field.selectionEnd ?? shown.length, shown.length);
    field.setValue(next);
    const a = leftOf(shown, selStart);
    field.setSelection(a, Math.max(a, leftOf(shown, selEnd)));
  }
}

function identity(n: number): number[] {
  const map = new Array<number>(n);
  for (let i = 0; i < n; i++) map[i] = i;
  return map;
}

/**
 * Index in the Y.Text for position `pos` of a string whose characters sit at `map`: just after
 * the nearest surviving character on the left (so a caret stays after the character it followed).
 */
function leftOf(map: number[], pos: number): number {
  for (let i = Math.min(pos, map.length) - 1; i >= 0; i--) if (map[i]! >= 0) return map[i]! + 1;
  return 0;
}

/** Moves indices (ascending, -1 = gone) through a Y.Text delta. */
function applyDelta(map: number[], delta: Delta): number[] {
  const out = map.slice();
  let k = 0;
  let old = 0;
  let shift = 0;
  const advance = (limit: number) => {
    for (; k < out.length && out[k]! < limit; k++) if (out[k]! >= 0) out[k] = out[k]! + shift;
  };
  for (const op of delta) {
    if (op.retain) {
      old += op.retain;
    } else if (op.insert !== undefined) {
      advance(old);
      shift += typeof op.insert === 'string' ? op.insert.length : 1;
    } else if (op.delete) {
      advance(old);
      for (; k < out.length && out[k]! < old + op.delete; k++) out[k] = -1;
      old += op.delete;
      shift -= op.delete;
    }
  }
  advance(Number.POSITIVE_INFINITY);
  return out;
}
