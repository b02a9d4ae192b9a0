/**
 * An input or textarea bound to a Y.Text. Local edits become minimal Y.Text changes; remote
 * changes update the field and keep the caret where it was. While an IME composes (pinyin),
 * nothing is sent and remote changes wait, so Chinese input is never broken up.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { applyTextChange, transformPosition } from '../lib/text-diff';

type FieldElement = HTMLInputElement | HTMLTextAreaElement;

export interface YTextFieldProps {
  text: Y.Text;
  readOnly: boolean;
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
  ariaLabel: string;
  testId?: string;
  nav?: string;
  onFocus?: () => void;
  onBlur?: () => void;
  onKeyDown?: (e: React.KeyboardEvent<FieldElement>) => void;
}

const LOCAL = Symbol('local-typing');

export function YTextField(props: YTextFieldProps) {
  const { text } = props;
  const ref = useRef<FieldElement | null>(null);
  const [value, setValue] = useState(() => text.toString());
  const composing = useRef(false);
  const caret = useRef<[number, number] | null>(null);

  useEffect(() => {
    setValue(text.toString());
    const observer = (event: Y.YTextEvent, tr: Y.Transaction) => {
      if (tr.origin === LOCAL || composing.current) return;
      const el = ref.current;
      if (el && document.activeElement === el) {
        const delta = event.delta as Array<{ insert?: unknown; delete?: number; retain?: number }>;
        caret.current = [
          transformPosition(el.selectionStart ?? 0, delta),
          transformPosition(el.selectionEnd ?? 0, delta),
        ];
      }
      setValue(text.toString());
    };
    text.observe(observer);
    return () => text.unobserve(observer);
  }, [text]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && caret.current) {
      el.setSelectionRange(caret.current[0], caret.current[1]);
      caret.current = null;
    }
  });

  const commit = (next: string) => {
    const doc = text.doc;
    if (!doc) return;
    doc.transact(() => applyTextChange(text, text.toString(), next), LOCAL);
  };

  const common = {
    ref: (el: FieldElement | null) => {
      ref.current = el;
    },
    value,
    readOnly: props.readOnly,
    placeholder: props.readOnly ? '' : props.placeholder,
    'aria-label': props.ariaLabel,
    'data-testid': props.testId,
    'data-nav': props.nav,
    onFocus: props.onFocus,
    onBlur: props.onBlur,
    onKeyDown: props.onKeyDown,
    onCompositionStart: () => {
      composing.current = true;
    },
    onCompositionEnd: (e: React.CompositionEvent<FieldElement>) => {
      composing.current = false;
      if (!props.readOnly) commit(e.currentTarget.value);
      setValue(text.toString());
    },
    onChange: (e: React.ChangeEvent<FieldElement>) => {
      if (props.readOnly) return;
      setValue(e.target.value);
      if (!composing.current) commit(e.target.value);
    },
  };
  return props.multiline ? <textarea rows={props.rows ?? 4} {...common} /> : <input {...common} />;
}
