import { describe, expect, it } from 'vitest';
import { redline } from './redline';

const join = (kind: string, pieces: ReturnType<typeof redline>) => pieces.filter((p) => p.kind !== kind).map((p) => p.text).join('');

describe('redline', () => {
  it('marks only what changed', () => {
    expect(redline('≥1700人次', '≥1800人次')).toEqual([
      { kind: 'same', text: '≥1' },
      { kind: 'del', text: '7' },
      { kind: 'ins', text: '8' },
      { kind: 'same', text: '00人次' },
    ]);
  });
  it('rebuilds both texts', () => {
    const before = '提高医疗保障服务水平，确保参保群众应保尽保。';
    const after = '全面提高医疗保障经办服务水平，确保参保人员应保尽保，满意度≥90%。';
    const pieces = redline(before, after);
    expect(join('ins', pieces)).toBe(before);
    expect(join('del', pieces)).toBe(after);
  });
  it('handles empty sides and equal texts', () => {
    expect(redline('', '新增')).toEqual([{ kind: 'ins', text: '新增' }]);
    expect(redline('删除', '')).toEqual([{ kind: 'del', text: '删除' }]);
    expect(redline('同', '同')).toEqual([{ kind: 'same', text: '同' }]);
  });
  it('long rewrites fall back to one deletion and one insertion', () => {
    const a = 'a'.repeat(1500) + 'x'.repeat(1300);
    const b = 'b'.repeat(1500) + 'y'.repeat(1300);
    expect(redline(a, b).map((p) => p.kind)).toEqual(['del', 'ins']);
  });
});
