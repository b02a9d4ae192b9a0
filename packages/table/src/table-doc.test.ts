import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SKELETON } from './skeleton.ts';
import { type IndicatorRow, TableDoc, type TableJSON, newIndicatorId, skeletonTable } from './table-doc.ts';
import { mulberry32, shuffled } from './test-prng.ts';

const QTY = { level1: '产出指标', level2: '数量指标' } as const;
const COST = { level1: '产出指标', level2: '成本指标' } as const;

function names(rows: IndicatorRow[]): string[] {
  return rows.map((r) => r.name);
}

describe('TableDoc accessors', () => {
  it('reads and writes header fields and the money unit', () => {
    const t = new TableDoc();
    expect(t.getHeader('projectName')).toBe('');
    t.setHeader('projectName', '专项业务费');
    t.setHeader('annualTotal', '284');
    expect(t.getHeader('projectName')).toBe('专项业务费');
    expect(t.getHeader('annualTotal')).toBe('284');
    expect(t.moneyUnit).toBe('万元'); // the default when unset
    t.moneyUnit = '元';
    expect(t.moneyUnit).toBe('元');
  });

  it('does not write an unchanged header value (no useless updates)', () => {
    const t = new TableDoc();
    t.setHeader('period', '99年');
    const sv = Y.encodeStateVector(t.doc);
    t.setHeader('period', '99年');
    expect(Y.encodeStateVector(t.doc)).toEqual(sv);
  });

  it('edits the goal as text', () => {
    const t = new TableDoc();
    t.goal.insert(0, '提升医保信息化水平');
    t.goal.insert(0, '绩效目标：');
    expect(t.goal.toString()).toBe('绩效目标：提升医保信息化水平');
  });

  it('adds rows at the end of their group, or after a given row', () => {
    const t = new TableDoc();
    const a = t.addIndicator({ ...QTY, name: 'a', value: '10套' });
    const c = t.addIndicator({ ...COST, name: 'c', value: '0.52万元/套' });
    const b = t.addIndicator({ ...QTY, name: 'b' }); // sorts in its group, before 成本
    const a2 = t.addIndicator({ ...QTY, name: 'a2' }, a);
    const last = t.addIndicator({ ...QTY, name: 'last' }, ''); // '' is "omitted" here
    expect(names(t.indicators())).toEqual(['a', 'a2', 'b', 'last', 'c']);
    expect(t.group(QTY.level1, QTY.level2).map((r) => r.id)).toEqual([a, a2, b, last]);
    expect(t.group(COST.level1, COST.level2).map((r) => r.id)).toEqual([c]);
    const row = t.indicators().find((r) => r.id === a)!;
    expect(row).toMatchObject({ level1: '产出指标', level2: '数量指标', name: 'a', value: '10套' });
  });

  it('orders groups by the skeleton, whatever the insertion order', () => {
    const t = new TableDoc();
    t.addIndicator({ level1: '满意度指标', level2: '服务对象满意度指标', name: 's' });
    t.addIndicator({ level1: '效益指标', level2: '社会效益指标', name: 'e' });
    t.addIndicator({ level1: '奇怪指标', level2: '其他', name: 'x' });
    t.addIndicator({ ...COST, name: 'c' });
    t.addIndicator({ ...QTY, name: 'q' });
    expect(names(t.indicators())).toEqual(['q', 'c', 'e', 's', 'x']);
  });

  it('moves rows within and across groups', () => {
    const t = new TableDoc();
    const a = t.addIndicator({ ...QTY, name: 'a' });
    const b = t.addIndicator({ ...QTY, name: 'b' });
    const c = t.addIndicator({ ...QTY, name: 'c' });
    const x = t.addIndicator({ ...COST, name: 'x' });
    t.moveIndicator(c, '');
    expect(names(t.indicators())).toEqual(['c', 'a', 'b', 'x']);
    t.moveIndicator(c, a);
    expect(names(t.indicators())).toEqual(['a', 'c', 'b', 'x']);
    t.moveIndicator(a, b);
    expect(names(t.indicators())).toEqual(['c', 'b', 'a', 'x']);
    t.moveIndicator(b, x, COST);
    expect(names(t.indicators())).toEqual(['c', 'a', 'x', 'b']);
    expect(t.indicators().find((r) => r.id === b)).toMatchObject(COST);
    t.moveIndicator(b, '', QTY);
    expect(names(t.indicators())).toEqual(['b', 'c', 'a', 'x']);
    t.moveIndicator(b, b); // onto itself: nothing happens
    t.moveIndicator('missing', a);
    expect(names(t.indicators())).toEqual(['b', 'c', 'a', 'x']);
  });

  it('moves a row up and down within its own 二级 group only (上移/下移)', () => {
    const t = new TableDoc();
    const a = t.addIndicator({ ...QTY, name: 'a' });
    const b = t.addIndicator({ ...QTY, name: 'b' });
    const QUAL = { level1: '产出指标', level2: '质量指标' };
    const p = t.addIndicator({ ...QUAL, name: 'p' });
    const q = t.addIndicator({ ...QUAL, name: 'q' });
    const x = t.addIndicator({ ...COST, name: 'x' });
    const keys = () => Object.fromEntries(t.indicators().map((r) => [r.name, r.order]));
    const before = keys();
    // the second row of 质量 goes first in 质量, not to its end (the old grid's 上移 anchored on 数量's 'b')
    expect(t.moveInGroup(q, -1)).toBe(true);
    expect(names(t.indicators())).toEqual(['a', 'b', 'q', 'p', 'x']);
    expect(keys().q! < keys().p!).toBe(true);
    // the first row of a group stays put, and so does the last on 下移
    expect(t.canMoveInGroup(q, -1)).toBe(false);
    expect(t.moveInGroup(q, -1)).toBe(false);
    expect(t.canMoveInGroup(p, 1)).toBe(false);
    expect(t.moveInGroup(p, 1)).toBe(false);
    expect(t.moveInGroup(x, -1)).toBe(false);
    expect(t.moveInGroup(x, 1)).toBe(false);
    expect(t.moveInGroup(b, 1)).toBe(false);
    expect(names(t.indicators())).toEqual(['a', 'b', 'q', 'p', 'x']);
    expect(t.moveInGroup(a, 1)).toBe(true);
    expect(names(t.indicators())).toEqual(['b', 'a', 'q', 'p', 'x']);
    expect(t.moveInGroup(q, 1)).toBe(true);
    expect(names(t.indicators())).toEqual(['b', 'a', 'p', 'q', 'x']);
    // levels never change, and only the moved row's key does
    for (const r of t.indicators()) expect(r.level2).toBe({ a: '数量指标', b: '数量指标', p: '质量指标', q: '质量指标', x: '成本指标' }[r.name]);
    expect(keys().x).toBe(before.x);
    expect(keys().p).toBe(before.p);
    expect(keys().b).toBe(before.b);
    expect(t.moveInGroup('missing', -1)).toBe(false);
  });

  it('moves up and down past rows sharing an order key (after concurrent inserts)', () => {
    const t = new TableDoc();
    const a = t.addIndicator({ ...QTY, name: 'a' });
    const b = t.addIndicator({ ...QTY, name: 'b' }, undefined, 'id-b');
    const c = t.addIndicator({ ...QTY, name: 'c' }, undefined, 'id-c');
    t.row(c)!.set('order', t.row(b)!.get('order')); // b and c tie, sorted by id
    expect(names(t.indicators())).toEqual(['a', 'b', 'c']);
    expect(t.moveInGroup(c, -1)).toBe(true);
    expect(names(t.indicators()).indexOf('c')).toBeLessThan(names(t.indicators()).indexOf('b'));
    expect(t.moveInGroup(a, 1)).toBe(true);
    expect(names(t.indicators()).indexOf('a')).toBeGreaterThan(0);
  });

  it('moves a row to another 二级 group keeping its id and text (移动到…)', () => {
    const t = new TableDoc();
    const BENEFIT = { level1: '效益指标', level2: '社会效益指标' };
    const e = t.addIndicator({ ...BENEFIT, name: 'e' });
    const misplaced = t.addIndicator({ ...BENEFIT, name: '办公设备购置成本', value: '≤15.12万元' });
    const x = t.addIndicator({ ...COST, name: 'x' });
    const y = t.addIndicator({ ...COST, name: 'y' });
    const nameText = t.row(misplaced)!.get('name');
    t.moveToGroup(misplaced, COST.level1, COST.level2, 'first');
    expect(names(t.indicators())).toEqual(['办公设备购置成本', 'x', 'y', 'e']);
    const moved = t.indicators().find((r) => r.id === misplaced)!;
    expect(moved).toMatchObject({ ...COST, name: '办公设备购置成本', value: '≤15.12万元' });
    expect(t.row(misplaced)!.get('name')).toBe(nameText); // the same Y.Text: edits in flight follow
    t.moveToGroup(misplaced, COST.level1, COST.level2, 'last');
    expect(names(t.indicators())).toEqual(['x', 'y', '办公设备购置成本', 'e']);
    t.moveToGroup(misplaced, COST.level1, COST.level2, { after: x });
    expect(names(t.indicators())).toEqual(['x', '办公设备购置成本', 'y', 'e']);
    t.moveToGroup(misplaced, COST.level1, COST.level2, { before: x });
    expect(names(t.indicators())).toEqual(['办公设备购置成本', 'x', 'y', 'e']);
    t.moveToGroup(misplaced, BENEFIT.level1, BENEFIT.level2, { before: y }); // y is not there: last
    expect(names(t.indicators())).toEqual(['x', 'y', 'e', '办公设备购置成本']);
    t.moveToGroup(misplaced, '满意度指标', '服务对象满意度指标'); // into an empty group
    expect(t.group('满意度指标', '服务对象满意度指标').map((r) => r.id)).toEqual([misplaced]);
    t.moveToGroup('missing', COST.level1, COST.level2);
    expect(t.indicators()).toHaveLength(4);
    expect(t.group(BENEFIT.level1, BENEFIT.level2).map((r) => r.id)).toEqual([e]);
  });

  it('deletes rows', () => {
    const t = new TableDoc();
    const a = t.addIndicator({ ...QTY, name: 'a' });
    t.addIndicator({ ...QTY, name: 'b' });
    t.deleteIndicator(a);
    t.deleteIndicator(a);
    expect(names(t.indicators())).toEqual(['b']);
    expect(t.row(a)).toBeUndefined();
    expect(t.rowText(a, 'name')).toBeUndefined();
  });

  it('sets indicator text fields, creating optional ones on first use', () => {
    const t = new TableDoc();
    const a = t.addIndicator({ ...QTY, name: 'a' });
    t.setIndicatorText(a, 'value', '≥1700人次');
    t.setIndicatorText(a, 'remark', '已核实');
    t.setIndicatorText('missing', 'value', 'x');
    const row = t.indicators()[0]!;
    expect(row.value).toBe('≥1700人次');
    expect(row.remark).toBe('已核实');
    expect(row.actual).toBeUndefined();
  });

  it('round-trips load/toJSON, keeping ids, values and optional fields', () => {
    const data: TableJSON = {
      header: { projectName: '专项业务费', annualTotal: '284', moneyUnit: '万元', year: '2026' },
      goal: '该项目主要用于全区医保业务培训',
      indicators: [
        { id: 'r1', ...QTY, name: '办公桌椅', value: '10套' },
        { id: 'r2', ...QTY, name: '差旅支出', value: '≥1700人次', remark: '备注' },
        { id: 'r3', ...COST, name: '办公桌椅', value: '0.52万元/套', weight: '20', score: '18', actual: '0.5万元/套' },
        { id: 'r4', level1: '满意度指标', level2: '服务对象满意度指标', name: '满意度', value: '≥85%' },
      ],
    };
    const t = new TableDoc();
    t.load(data);
    expect(t.toJSON()).toEqual(data);
    // and through a Yjs update into a fresh document
    const copy = new TableDoc();
    Y.applyUpdate(copy.doc, Y.encodeStateAsUpdate(t.doc));
    expect(copy.toJSON()).toEqual(data);
    expect(copy.moneyUnit).toBe('万元');
  });

  it('gives rows without an id a fresh one on load', () => {
    const t = new TableDoc();
    t.load({ header: {}, goal: '', indicators: [{ ...QTY, name: 'a', value: '' }, { ...QTY, name: 'b', value: '' }] });
    const ids = t.indicators().map((r) => r.id);
    expect(new Set(ids).size).toBe(2);
    expect(names(t.indicators())).toEqual(['a', 'b']);
  });

  it('builds the skeleton table with one empty row per 二级', () => {
    const s = skeletonTable({ projectName: 'P', year: '2026' });
    expect(s.header).toEqual({ moneyUnit: '万元', projectName: 'P', year: '2026' });
    expect(skeletonTable({ moneyUnit: '元' }).header.moneyUnit).toBe('元');
    expect(s.indicators).toHaveLength(9);
    expect(s.indicators.map((r) => r.level2)).toEqual(SKELETON.flatMap((g) => g.level2));
    const t = new TableDoc();
    t.load(s);
    expect(t.toJSON().indicators.map(({ id: _id, ...r }) => r)).toEqual(s.indicators);
  });

  it('makes unique indicator ids', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newIndicatorId()));
    expect(ids.size).toBe(5000);
  });
});

/** Replicas that edit offline and then exchange their pending updates in some order. */
class Net {
  readonly replicas: TableDoc[];
  private readonly outbox: Uint8Array[][];

  constructor(n: number, init?: TableJSON) {
    const seed = new TableDoc();
    if (init) seed.load(init);
    const base = Y.encodeStateAsUpdate(seed.doc);
    this.replicas = Array.from({ length: n }, () => {
      const t = new TableDoc(new Y.Doc());
      Y.applyUpdate(t.doc, base, 'remote');
      return t;
    });
    this.outbox = this.replicas.map((t) => {
      const box: Uint8Array[] = [];
      t.doc.on('update', (u: Uint8Array, origin: unknown) => {
        if (origin !== 'remote') box.push(u);
      });
      return box;
    });
  }

  /** Deliver every pending update to every other replica, in an order set by `rand`. */
  sync(rand: () => number): void {
    const messages = this.outbox.flatMap((box, from) => box.splice(0).map((u) => ({ from, u })));
    for (let to = 0; to < this.replicas.length; to++) {
      for (const m of shuffled(messages, rand)) {
        if (m.from !== to) Y.applyUpdate(this.replicas[to]!.doc, m.u, 'remote');
      }
    }
  }

  /** Also a full state exchange (encodeStateAsUpdate), as a reconnecting client would do. */
  syncFullState(rand: () => number): void {
    const states = this.replicas.map((t) => Y.encodeStateAsUpdate(t.doc));
    for (const [to, t] of this.replicas.entries()) {
      for (const from of shuffled([...states.keys()], rand)) {
        if (from !== to) Y.applyUpdate(t.doc, states[from]!, 'remote');
      }
    }
    for (const box of this.outbox) box.splice(0);
  }

  expectConverged(): IndicatorRow[] {
    const first = this.replicas[0]!;
    const rows = first.indicators();
    for (const t of this.replicas) {
      expect(t.indicators()).toEqual(rows);
      expect(t.toJSON()).toEqual(first.toJSON());
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    return rows;
  }
}

describe('convergence of concurrent edits', () => {
  const base = (): TableJSON => ({
    header: { projectName: 'P' },
    goal: '提升医保信息化水平',
    indicators: ['a', 'b', 'c', 'd'].map((name) => ({ id: name, ...QTY, name, value: '1' })),
  });

  it('concurrent inserts at the same position keep every row once, in the same order', () => {
    const rand = mulberry32(7);
    const net = new Net(3, base());
    const [r0, r1, r2] = net.replicas as [TableDoc, TableDoc, TableDoc];
    r0.addIndicator({ ...QTY, name: 'x0' }, 'a', 'x0');
    r1.addIndicator({ ...QTY, name: 'x1' }, 'a', 'x1');
    r2.addIndicator({ ...QTY, name: 'x2' }, 'a', 'x2');
    r2.addIndicator({ ...QTY, name: 'y2' }, '', 'y2');
    r1.addIndicator({ ...QTY, name: 'y1' }, '', 'y1');
    net.sync(rand);
    const rows = net.expectConverged();
    expect(names(rows).sort()).toEqual(['a', 'b', 'c', 'd', 'x0', 'x1', 'x2', 'y1', 'y2']);
    // the three rows inserted after 'a' all sit between 'a' and 'b'
    const order = names(rows);
    for (const x of ['x0', 'x1', 'x2']) {
      expect(order.indexOf(x)).toBeGreaterThan(order.indexOf('a'));
      expect(order.indexOf(x)).toBeLessThan(order.indexOf('b'));
    }
    // both rows appended concurrently at the end come after 'd'
    expect(order.indexOf('y1')).toBeGreaterThan(order.indexOf('d'));
    expect(order.indexOf('y2')).toBeGreaterThan(order.indexOf('d'));
    // inserting after one of the tied rows still works and converges
    const r = net.replicas[0]!;
    r.addIndicator({ ...QTY, name: 'z' }, 'x1', 'z');
    net.sync(rand);
    expect(names(net.expectConverged())).toContain('z');
  });

  it('concurrent deletes of the same rows converge without resurrecting them', () => {
    const net = new Net(3, base());
    for (const t of net.replicas) t.deleteIndicator('b');
    net.replicas[0]!.deleteIndicator('c');
    net.replicas[2]!.deleteIndicator('c');
    net.sync(mulberry32(3));
    expect(names(net.expectConverged())).toEqual(['a', 'd']);
  });

  it('concurrent moves of the same row land it in exactly one place', () => {
    const net = new Net(3, base());
    const [r0, r1, r2] = net.replicas as [TableDoc, TableDoc, TableDoc];
    r0.moveIndicator('a', 'c');
    r1.moveIndicator('a', '');
    r2.moveIndicator('a', 'x', COST);
    net.sync(mulberry32(11));
    const rows = net.expectConverged();
    expect(rows.filter((r) => r.id === 'a')).toHaveLength(1);
    expect(rows).toHaveLength(4);
  });

  it('concurrent moves to different groups: one move wins whole, on every replica', () => {
    const BENEFIT = { level1: '效益指标', level2: '社会效益指标' };
    for (let seed = 1; seed <= 20; seed++) {
      const init = base();
      init.indicators.push({ id: 'x', ...COST, name: 'x', value: '1' }, { id: 'e', ...BENEFIT, name: 'e', value: '1' });
      const net = new Net(2, init);
      const [r0, r1] = net.replicas as [TableDoc, TableDoc];
      r0.moveToGroup('b', COST.level1, COST.level2, 'first');
      r1.moveToGroup('b', BENEFIT.level1, BENEFIT.level2, 'last');
      r1.rowText('b', 'value')!.insert(1, '0'); // typed while it moved
      net.sync(mulberry32(seed));
      const rows = net.expectConverged();
      expect(rows.filter((r) => r.id === 'b')).toHaveLength(1);
      expect(rows.find((r) => r.id === 'b')!.value).toBe('10');
      expect([
        ['a', 'c', 'd', 'b', 'x', 'e'],
        ['a', 'c', 'd', 'x', 'e', 'b'],
      ]).toContainEqual(names(rows));
    }
  });

  it('a move within the group and a concurrent move to another group converge whole', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const init = base();
      init.indicators.push({ id: 'x', ...COST, name: 'x', value: '1' });
      const net = new Net(2, init);
      const [r0, r1] = net.replicas as [TableDoc, TableDoc];
      r0.moveInGroup('c', -1);
      r1.moveToGroup('c', COST.level1, COST.level2, { after: 'x' });
      net.sync(mulberry32(seed));
      const rows = net.expectConverged();
      expect([
        ['a', 'c', 'b', 'd', 'x'],
        ['a', 'b', 'd', 'x', 'c'],
      ]).toContainEqual(names(rows));
      expect(rows.find((r) => r.id === 'c')!.level2).toBe(names(rows)[4] === 'c' ? COST.level2 : QTY.level2);
    }
  });

  it('a delete wins over a concurrent move or edit of the same row', () => {
    const net = new Net(3, base());
    const [r0, r1, r2] = net.replicas as [TableDoc, TableDoc, TableDoc];
    r0.deleteIndicator('b');
    r1.moveIndicator('b', 'd');
    r2.setIndicatorText('b', 'value', '≥2');
    r2.moveIndicator('b', '', COST);
    net.sync(mulberry32(5));
    expect(names(net.expectConverged())).toEqual(['a', 'c', 'd']);
  });

  it('merges concurrent edits of the same Y.Text character by character', () => {
    const net = new Net(3, base());
    const [r0, r1, r2] = net.replicas as [TableDoc, TableDoc, TableDoc];
    r0.goal.insert(0, '【甲】');
    r1.goal.insert(r1.goal.length, '【乙】');
    r2.goal.delete(0, 2);
    r0.rowText('a', 'name')!.insert(1, '-甲');
    r1.rowText('a', 'name')!.insert(1, '-乙');
    r2.rowText('a', 'value')!.insert(0, '≥');
    net.sync(mulberry32(9));
    net.expectConverged();
    const goal = r0.goal.toString();
    expect(goal.startsWith('【甲】')).toBe(true);
    expect(goal.endsWith('【乙】')).toBe(true);
    expect(goal).toContain('医保信息化水平');
    expect(goal).not.toContain('提升');
    const a = r0.indicators().find((r) => r.id === 'a')!;
    expect(a.name).toMatch(/^a(-甲-乙|-乙-甲)$/);
    expect(a.value).toBe('≥1');
  });

  it('converges under random concurrent edits over many rounds (seeded)', () => {
    for (const seed of [1, 2, 3, 42, 2026]) {
      const rand = mulberry32(seed);
      const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(rand() * xs.length)];
      const n = 3 + Math.floor(rand() * 3);
      const net = new Net(n, skeletonTable({ projectName: 'P' }));
      const groups = SKELETON.flatMap((g) => g.level2.map((level2) => ({ level1: g.level1, level2 })));
      const inserted = new Set<string>();
      const deleted = new Set<string>();
      for (const t of net.replicas[0]!.indicators()) inserted.add(t.id);
      for (let round = 0; round < 25; round++) {
        for (const t of net.replicas) {
          const ops = 1 + Math.floor(rand() * 4);
          for (let k = 0; k < ops; k++) {
            const rows = t.indicators();
            const r = rand();
            const target = pick(rows);
            if (r < 0.35 || !target) {
              const g = pick(groups)!;
              const after = rand() < 0.7 ? pick(t.group(g.level1, g.level2))?.id : '';
              inserted.add(t.addIndicator({ ...g, name: `n${round}`, value: '1' }, after));
            } else if (r < 0.5) {
              t.deleteIndicator(target.id);
              deleted.add(target.id);
            } else if (r < 0.7) {
              const other = pick(rows);
              const g = rand() < 0.3 ? pick(groups) : undefined;
              t.moveIndicator(target.id, other?.id ?? '', g);
            } else if (r < 0.85) {
              const text = t.rowText(target.id, rand() < 0.5 ? 'name' : 'value')!;
              text.insert(Math.floor(rand() * (text.length + 1)), String.fromCharCode(0x4e00 + Math.floor(rand() * 100)));
            } else if (r < 0.95) {
              t.goal.insert(Math.floor(rand() * (t.goal.length + 1)), `${round}`);
            } else {
              t.setHeader('annualTotal', String(Math.floor(rand() * 1000)));
            }
          }
        }
        // most rounds exchange pending updates; some do a full-state resync, some skip
        const s = rand();
        if (s < 0.7) net.sync(rand);
        else if (s < 0.85) net.syncFullState(rand);
      }
      net.sync(rand);
      const rows = net.expectConverged();
      const expected = [...inserted].filter((id) => !deleted.has(id)).sort();
      expect(rows.map((r) => r.id).sort()).toEqual(expected);
    }
  });
});

describe('optional indicator fields', () => {
  it('merges two people starting the same empty field at once', () => {
    const a = new TableDoc(new Y.Doc());
    const id = a.addIndicator({ ...QTY, name: '培训人次', value: '≥1700人次' });
    const b = new TableDoc(new Y.Doc());
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
    expect(a.indicators()[0]).not.toHaveProperty('actual');

    a.rowText(id, 'actual')!.insert(0, '1800人次');
    b.rowText(id, 'actual')!.insert(0, '约');
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc));
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));

    const merged = a.indicators()[0]!.actual!;
    expect(merged).toContain('1800人次');
    expect(merged).toContain('约');
    expect(b.indicators()[0]!.actual).toBe(merged);
  });
});
