/**
 * A row someone else deletes while I am typing in it: tell me who deleted it and what I had
 * typed there, instead of letting the cell, its text and my caret vanish without a word.
 *
 * Who: the deleter marks `deleted: {rowId, at}` in its awareness state just before deleting
 * (markDeleting); the mark and the update travel on the same socket, but wait a little in
 * case the mark comes second.
 */
import type { TableDoc } from '@jixiao/table';
import { App, Typography } from 'antd';
import { type MutableRefObject, useEffect, useRef } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

export interface FocusedRow {
  rowId: string;
  field: string;
  fieldLabel: string;
  level2: string;
  name: string;
  /** what the field held at the last render */
  text: string;
}

export function markDeleting(awareness: Awareness | undefined, rowId: string): void {
  awareness?.setLocalStateField('deleted', { rowId, at: Date.now() });
}

function deleterName(awareness: Awareness, rowId: string): string | null {
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const mark = state.deleted as { rowId?: string } | undefined;
    const user = state.user as { name?: string } | undefined;
    if (mark?.rowId === rowId) return user?.name ?? null;
  }
  return null;
}

function whoDeleted(awareness: Awareness | undefined, rowId: string): Promise<string | null> {
  if (!awareness) return Promise.resolve(null);
  const now = deleterName(awareness, rowId);
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = (name: string | null) => {
      clearTimeout(timer);
      awareness.off('change', onChange);
      resolve(name);
    };
    const onChange = () => {
      const name = deleterName(awareness, rowId);
      if (name) done(name);
    };
    const timer = setTimeout(() => done(null), 1500);
    awareness.on('change', onChange);
  });
}

export function useDeletedRowNotice(
  table: TableDoc | null,
  awareness: Awareness | undefined,
  focused: MutableRefObject<FocusedRow | null>,
  onGone: () => void,
): void {
  const { notification } = App.useApp();
  const gone = useRef(onGone);
  gone.current = onGone;
  /** rows we told the user about, and what they held, until they come back (撤销) */
  const toldRef = useRef(new Map<string, FocusedRow>());
  useEffect(() => {
    if (!table) return;
    const told = toldRef.current;
    const observer = (event: Y.YMapEvent<unknown>) => {
      for (const [id, was] of told) {
        if (!event.keysChanged.has(id) || !table.row(id)) continue;
        told.delete(id);
        notification.destroy(`deleted-${id}`);
        notification.success({
          key: `restored-${id}`,
          message: '被删除的指标已恢复',
          description: <div data-testid="row-restored-notice">「{was.name || '未命名指标'}」已恢复，您输入的内容也在其中。</div>,
        });
      }
      const mine = focused.current;
      if (event.transaction.local || !mine || !event.keysChanged.has(mine.rowId) || table.row(mine.rowId)) return;
      focused.current = null;
      told.set(mine.rowId, mine);
      gone.current();
      void whoDeleted(awareness, mine.rowId).then((name) => {
        if (!told.has(mine.rowId)) return; // already back
        notification.warning({
          key: `deleted-${mine.rowId}`,
          message: '您正在编辑的指标已被删除',
          description: (
            <div data-testid="row-deleted-notice">
              <div>
                {name ?? '其他协作者'} 删除了{mine.level2}中的「{mine.name || '未命名指标'}」。
              </div>
              {mine.text && (
                <div>
                  您在“{mine.fieldLabel}”中输入的内容：<Typography.Text copyable>{mine.text}</Typography.Text>
                </div>
              )}
            </div>
          ),
          duration: 0,
        });
      });
    };
    table.indicatorMap.observe(observer);
    return () => table.indicatorMap.unobserve(observer);
  }, [table, awareness, focused, notification]);
}
