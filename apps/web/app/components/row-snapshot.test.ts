import { TableDoc } from '@jixiao/table';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { restoreRow, snapshotRow } from './row-snapshot';

const QTY = { level1: '产出指标', level2: '数量指标' };

describe('row snapshots (撤销 after a delete)', () => {
  it('restores a deleted row with its id, place and every text field', () => {
    const t = new TableDoc();
    t.addIndicator({ ...QTY, name: 'a' });
    const b = t.addIndicator({ ...QTY, name: '培训人次', value: '≥1700人次' });
    t.addIndicator({ ...QTY, name: 'c' });
    t.setIndicatorText(b, 'remark', '已核实');
    const before = t.indicators();
    const snap = snapshotRow(t, b)!;
    t.deleteIndicator(b);
    expect(t.row(b)).toBeUndefined();
    expect(restoreRow(t, snap)).toBe(true);
    expect(t.indicators()).toEqual(before);
    expect(restoreRow(t, snap)).toBe(false); // already back: nothing twice
    expect(snapshotRow(t, 'missing')).toBeNull();
  });

  it('restores on every replica as one update', () => {
    const a = new TableDoc();
    const id = a.addIndicator({ ...QTY, name: 'x', value: '1' });
    const b = new TableDoc(new Y.Doc());
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
    const snap = snapshotRow(a, id)!;
    a.deleteIndicator(id);
    const updates: Uint8Array[] = [];
    a.doc.on('update', (u: Uint8Array) => updates.push(u));
    restoreRow(a, snap);
    expect(updates).toHaveLength(1);
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
    expect(b.indicators()).toEqual(a.indicators());
  });
});
