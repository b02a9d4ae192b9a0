import { TableDoc } from '@jixiao/table';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createUndoManager, undoShortcut } from './undo';
import { type TextFieldLike, YTextBinding } from './y-text-binding';

class Field implements TextFieldLike {
  value = '';
  selectionStart = 0;
  selectionEnd = 0;
  setValue(value: string) {
    this.value = value;
  }
  setSelection(start: number, end: number) {
    this.selectionStart = start;
    this.selectionEnd = end;
  }
  /** type at the end, as a user would */
  type(binding: YTextBinding, text: string) {
    this.value += text;
    this.selectionStart = this.selectionEnd = this.value.length;
    binding.input();
  }
}

/** Two users' documents, kept in sync as the websocket would (remote origin: 'remote'). */
function pair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, u, 'remote'));
  return { a: new TableDoc(a), b: new TableDoc(b) };
}

describe('undo of one’s own edits', () => {
  it('undoes and redoes only my typing, across fields, leaving a colleague’s edits', async () => {
    const { a, b } = pair();
    const undo = createUndoManager(a);
    const goalA = new Field();
    const bindA = new YTextBinding(a.goal, goalA);
    const goalB = new Field();
    const bindB = new YTextBinding(b.goal, goalB);

    goalA.type(bindA, '甲写的');
    goalB.type(bindB, '乙写的');
    undo.stopCapturing();
    a.setHeader('projectName', '甲改的名称');
    expect(a.goal.toString()).toContain('甲写的');

    undo.undo(); // the name
    expect(a.getHeader('projectName')).toBe('');
    undo.undo(); // the typing
    expect(a.goal.toString()).toBe('乙写的');
    expect(b.goal.toString()).toBe('乙写的');
    expect(goalA.value).toBe('乙写的');
    undo.redo();
    expect(b.goal.toString()).toContain('甲写的');
    expect(b.goal.toString()).toContain('乙写的');
  });

  it('undoes adding and deleting a row, with its content and id', () => {
    const { a, b } = pair();
    const undo = createUndoManager(a);
    const id = a.addIndicator({ level1: '产出指标', level2: '数量指标', name: '培训人次', value: '≥100人次' });
    undo.stopCapturing();
    a.deleteIndicator(id);
    expect(b.row(id)).toBeUndefined();
    undo.undo();
    expect((b.row(id)?.get('name') as Y.Text | undefined)?.toString()).toBe('培训人次');
    undo.undo();
    expect(b.row(id)).toBeUndefined();
  });

  it('knows its shortcuts', () => {
    const k = (key: string, mods: Partial<KeyboardEvent> = {}) =>
      undoShortcut({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
    expect(k('z', { ctrlKey: true })).toBe('undo');
    expect(k('Z', { metaKey: true, shiftKey: true })).toBe('redo');
    expect(k('y', { ctrlKey: true })).toBe('redo');
    expect(k('z')).toBeNull();
    expect(k('z', { ctrlKey: true, altKey: true })).toBeNull();
  });
});
