/**
 * An input or textarea bound to a Y.Text by a YTextBinding (lib/y-text-binding.ts), which owns
 * the field's value: React renders the element once (uncontrolled) and never writes its value.
 * Local edits are computed against what the field showed and placed through remote changes that
 * arrived meanwhile; remote changes keep the caret after the character it followed; while an IME
 * composes (pinyin) nothing is sent and remote changes wait until compositionend.
 */
import { TEXT_LIMITS } from '@jixiao/table';
import { App } from 'antd';
import { memo, useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { type TextFieldLike, YTextBinding } from '../lib/y-text-binding';

type FieldElement = HTMLInputElement | HTMLTextAreaElement;

export interface YTextFieldProps {
  /** null until the live document has synced: the field shows `initial`, read-only */
  text: Y.Text | null;
  /** the server-rendered text, shown until the live document has synced */
  initial?: string;
  readOnly: boolean;
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
  ariaLabel: string;
  testId?: string;
  nav?: string;
  /** characters at most (TEXT_LIMITS.cell unless given) */
  maxLength?: number;
  onFocus?: () => void;
  onBlur?: () => void;
  onKeyDown?: (e: React.KeyboardEvent<FieldElement>) => void;
}

/** The element as the binding sees it; the selection is only moved while the field has focus. */
function fieldOf(el: FieldElement): TextFieldLike {
  let direction: FieldElement['selectionDirection'] = null;
  return {
    get value() {
      return el.value;
    },
    get selectionStart() {
      return el.selectionStart;
    },
    get selectionEnd() {
      return el.selectionEnd;
    },
    setValue(value: string) {
      direction = el.selectionDirection;
      const top = el.scrollTop;
      el.value = value;
      el.scrollTop = top;
    },
    setSelection(start: number, end: number) {
      if (el.ownerDocument.activeElement === el) el.setSelectionRange(start, end, direction ?? undefined);
    },
  };
}

export const YTextField = memo(function YTextField(props: YTextFieldProps) {
  const { text } = props;
  const readOnly = props.readOnly || !text;
  const ref = useRef<FieldElement | null>(null);
  // the first render (also on the server); afterwards the binding writes the value
  const [initial] = useState(() => text?.toString() ?? props.initial ?? '');
  const { message } = App.useApp();
  const maxLength = props.maxLength ?? TEXT_LIMITS.cell;

  useEffect(() => {
    const el = ref.current;
    if (!el || !text) return;
    const binding = new YTextBinding(text, fieldOf(el), { readOnly });
    const onInput = () => binding.input();
    const onCompositionStart = () => binding.compositionStart();
    const onCompositionEnd = () => binding.compositionEnd();
    el.addEventListener('input', onInput);
    el.addEventListener('compositionstart', onCompositionStart);
    el.addEventListener('compositionend', onCompositionEnd);
    return () => {
      el.removeEventListener('input', onInput);
      el.removeEventListener('compositionstart', onCompositionStart);
      el.removeEventListener('compositionend', onCompositionEnd);
      binding.destroy();
    };
  }, [text, readOnly]);

  const common = {
    ref: (el: FieldElement | null) => {
      ref.current = el;
    },
    defaultValue: initial,
    readOnly,
    // shown from the server's copy until the live document has synced
    'data-pending': text ? undefined : 'true',
    placeholder: props.readOnly ? '' : props.placeholder,
    'aria-label': props.ariaLabel,
    'data-testid': props.testId,
    'data-nav': props.nav,
    onFocus: props.onFocus,
    onBlur: props.onBlur,
    onKeyDown: props.onKeyDown,
    maxLength,
    // the browser cuts a paste at maxLength without a word: say what happened
    onPaste: (e: React.ClipboardEvent<FieldElement>) => {
      const el = e.currentTarget;
      const kept = el.value.length - ((el.selectionEnd ?? 0) - (el.selectionStart ?? 0));
      if (kept + e.clipboardData.getData('text').length > maxLength) {
        message.warning(`此处最多 ${maxLength.toLocaleString('zh-CN')} 个字，超出部分未粘贴`);
      }
    },
  };
  return props.multiline ? <textarea rows={props.rows ?? 4} {...common} /> : <input {...common} />;
});

/** Read-only text of a Y.Text that follows remote edits; the server-rendered text until synced. */
export const YTextView = memo(function YTextView({ text, initial, testId }: { text: Y.Text | null; initial: string; testId?: string }) {
  const [value, setValue] = useState(() => text?.toString() ?? initial);
  useEffect(() => {
    if (!text) return;
    const sync = () => setValue(text.toString());
    sync();
    text.observe(sync);
    return () => text.unobserve(sync);
  }, [text]);
  return (
    <div className="cell-text" data-testid={testId}>
      {value}
    </div>
  );
});
