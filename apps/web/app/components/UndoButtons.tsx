import { RedoOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip } from 'antd';
import { useEffect } from 'react';
import type * as Y from 'yjs';
import { undoShortcut } from '../lib/undo';

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** 撤销 / 重做 (disabled until the live document is there) of one's own edits, and their keyboard shortcuts anywhere on the editor page. */
export function UndoButtons({ undo, canUndo, canRedo }: { undo: Y.UndoManager | null; canUndo: boolean; canRedo: boolean }) {
  useEffect(() => {
    if (!undo) return;
    const onKey = (event: KeyboardEvent) => {
      const action = undoShortcut(event);
      if (!action) return;
      // the field's own undo would re-type text the binding has already synced
      event.preventDefault();
      if (action === 'undo') undo.undo();
      else undo.redo();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [undo]);
  const mod = isMac() ? '⌘' : 'Ctrl+';
  return (
    <Space.Compact size="small">
      <Tooltip title={`撤销我的上一步修改（${mod}Z）`}>
        <Button icon={<UndoOutlined />} disabled={!canUndo} onClick={() => undo?.undo()} data-testid="undo" aria-label="撤销" />
      </Tooltip>
      <Tooltip title={`重做（${mod}Shift+Z）`}>
        <Button icon={<RedoOutlined />} disabled={!canRedo} onClick={() => undo?.redo()} data-testid="redo" aria-label="重做" />
      </Tooltip>
    </Space.Compact>
  );
}
