/**
 * Writing a comment: antd Mentions (type @ to pick someone who may see the table), the length
 * against the server's limit, Ctrl/⌘+Enter to send. The ids of the people picked and still
 * named in the text go along as `mentions`.
 */
import { Button, Mentions, Space } from 'antd';
import { useRef, useState } from 'react';
import { COMMENT_MAX, bodyLength } from '../../lib/review/api';
import type { UserRef } from '../../lib/review/use-threads';

export interface CommentBoxProps {
  users: UserRef[];
  placeholder: string;
  submitText: string;
  initial?: string;
  autoFocus?: boolean;
  testId?: string;
  /** resolves when sent (the box empties), rejects to keep the text */
  onSubmit(body: string, mentions: string[]): Promise<unknown>;
  onCancel?(): void;
}

/** The users whose @name is in the text: picked ones first, then anyone mentionable by exact name. */
export function mentionedIds(body: string, picked: Map<string, string>, users: UserRef[]): string[] {
  const out = new Set<string>();
  for (const [name, id] of picked) if (body.includes(`@${name}`)) out.add(id);
  for (const u of users) if (!out.has(u.id) && ![...picked.keys()].includes(u.name) && body.includes(`@${u.name}`)) out.add(u.id);
  return [...out];
}

export function CommentBox({ users, placeholder, submitText, initial = '', autoFocus, testId, onSubmit, onCancel }: CommentBoxProps) {
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const picked = useRef(new Map<string, string>());
  const length = bodyLength(text);
  const over = length > COMMENT_MAX;
  const empty = length === 0;

  const submit = async () => {
    if (empty || over || busy) return;
    setBusy(true);
    try {
      await onSubmit(text.trim(), mentionedIds(text, picked.current, users));
      setText('');
      picked.current.clear();
    } catch {
      // the caller has said why; the text stays for another try
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="comment-box" data-testid={testId}>
      <Mentions
        value={text}
        onChange={setText}
        autoSize={{ minRows: 2, maxRows: 8 }}
        placeholder={placeholder}
        autoFocus={autoFocus}
        status={over ? 'error' : undefined}
        aria-label={placeholder}
        options={users.map((u) => ({ key: u.id, value: u.name, label: u.name }))}
        onSelect={(option) => {
          if (option.value && option.key) picked.current.set(String(option.value), String(option.key));
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      />
      <div className="comment-box-foot">
        <span className={over ? 'comment-length over' : 'comment-length'} data-testid="comment-length">
          {over ? `评论不能超过 ${COMMENT_MAX} 个字（已输入 ${length} 字）` : `${length} / ${COMMENT_MAX}`}
        </span>
        <Space size={8}>
          {onCancel && (
            <Button size="small" onClick={onCancel}>
              取消
            </Button>
          )}
          <Button size="small" type="primary" loading={busy} disabled={empty || over} onClick={() => void submit()} data-testid="comment-submit">
            {submitText}
          </Button>
        </Space>
      </div>
    </div>
  );
}
