/**
 * Undo and redo of one's own edits: a Yjs UndoManager over the table's three roots that tracks
 * only this user's transactions (text typed through a YTextBinding, rows and header changed
 * through TableDoc), so a colleague's edits are never undone; edits within half a second form
 * one step, as in 飞书 and WPS.
 */
import type { TableDoc } from '@jixiao/table';
import * as Y from 'yjs';
import { YTextBinding } from './y-text-binding';

export function createUndoManager(table: TableDoc): Y.UndoManager {
  return new Y.UndoManager([table.header, table.goal, table.indicatorMap], {
    // null: TableDoc's own transactions; YTextBinding: any field's typing (matched by class)
    trackedOrigins: new Set<unknown>([null, YTextBinding]),
    captureTimeout: 500,
  });
}

/** Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z and Ctrl+Y redo; the fields' own undo would fight the binding. */
export function undoShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): 'undo' | 'redo' | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !event.shiftKey) return 'redo';
  return null;
}
