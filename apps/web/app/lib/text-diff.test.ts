import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTextChange, diffText, transformPosition } from './text-diff';

function textOf(initial: string): Y.Text {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, initial);
  return text;
}

describe('applyTextChange', () => {
  it.each([
    ['', 'abc'],
    ['abc', ''],
    ['年度目标', '年度绩效目标'],
    ['aaaa', 'aa'],
    ['abcabc', 'abXabc'],
    ['≥90%', '≥95%'],
  ])('turns %j into %j', (prev, next) => {
    const text = textOf(prev);
    applyTextChange(text, prev, next);
    expect(text.toString()).toBe(next);
  });

  it('merges concurrent typing in different places of the same text', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('t').insert(0, '提升医保服务能力');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    applyTextChange(a.getText('t'), '提升医保服务能力', '全面提升医保服务能力');
    applyTextChange(b.getText('t'), '提升医保服务能力', '提升医保服务能力和水平');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getText('t').toString()).toBe('全面提升医保服务能力和水平');
    expect(b.getText('t').toString()).toBe(a.getText('t').toString());
  });
});

describe('transformPosition', () => {
  it('shifts a caret after a remote insert before it', () => {
    expect(transformPosition(5, [{ retain: 2 }, { insert: 'xyz' }])).toBe(8);
  });
  it('keeps a caret before a remote insert after it', () => {
    expect(transformPosition(1, [{ retain: 2 }, { insert: 'xyz' }])).toBe(1);
  });
  it('pulls a caret back over a remote delete before it', () => {
    expect(transformPosition(6, [{ retain: 1 }, { delete: 3 }])).toBe(3);
  });
  it('moves a caret inside a deleted range to its start', () => {
    expect(transformPosition(3, [{ retain: 1 }, { delete: 5 }])).toBe(1);
  });
});

describe('diffText', () => {
  it('finds nothing between equal strings', () => {
    expect(diffText('abc', 'abc', 1)).toBeNull();
  });
  it('places an insertion where the caret says, not only at the common prefix', () => {
    expect(diffText('哈哈', '哈哈哈', 1)).toEqual({ start: 0, removed: 0, inserted: '哈' });
    expect(diffText('哈哈', '哈哈哈', 3)).toEqual({ start: 2, removed: 0, inserted: '哈' });
    expect(diffText('哈哈', '哈哈哈')).toEqual({ start: 2, removed: 0, inserted: '哈' });
  });
  it('places a deletion at the caret', () => {
    expect(diffText('aaaa', 'aaa', 1)).toEqual({ start: 1, removed: 1, inserted: '' });
  });
  it('falls back to prefix and suffix when the caret does not explain the change', () => {
    expect(diffText('≥90%', '≥95%', 0)).toEqual({ start: 2, removed: 1, inserted: '5' });
  });
  it('never splits a surrogate pair', () => {
    expect(diffText('a𠀀b', 'a𠀁b')).toEqual({ start: 1, removed: 2, inserted: '𠀁' });
  });
});
