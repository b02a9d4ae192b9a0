import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importPublishedText } from './import/index.ts';
import { readSeed } from './import/seed-fixtures.ts';
import { STRUCTURE_REASONS, structureViolation } from './structure-check.ts';
import { QTY, firstRow, poisonedUpdates, setup, updatesOf } from './structure-poisons.ts';
import { TableDoc } from './table-doc.ts';

/** Check each update against the server as it is then, and apply the accepted ones. */
function send(server: Y.Doc, updates: Uint8Array[]): Array<string | null> {
  return updates.map((u) => {
    const verdict = structureViolation(server, u);
    if (verdict === null) Y.applyUpdate(server, u);
    return verdict;
  });
}

describe('structureViolation accepts real edits', () => {
  it('typing, header edits, adding, moving and deleting rows', () => {
    const { server, client, table } = setup();
    const id = firstRow(table);
    const updates = updatesOf(client, () => {
      for (const ch of '参保人数') {
        const name = table.rowText(id, 'name')!;
        name.insert(name.length, ch);
      }
      table.rowText(id, 'name')!.insert(0, '年度');
      table.rowText(id, 'name')!.delete(0, 1);
      table.setIndicatorText(id, 'value', '≥1700人次');
      table.setIndicatorText(id, 'remark', '备注');
      for (const ch of '覆盖全区') table.goal.insert(table.goal.length, ch);
      table.setHeader('projectName', '专项业务费（改）');
      table.setHeader('annualTotal', '15.12');
      table.moneyUnit = '元';
      const added = table.addIndicator({ ...QTY, name: '培训班', value: '15个' }, id);
      table.addIndicator({ ...QTY, name: '首行' }, '');
      table.moveIndicator(added, '');
      table.moveIndicator(added, '', { level1: '效益指标', level2: '社会效益指标' });
      table.deleteIndicator(id);
      table.rowText(added, 'weight')!.insert(0, '10');
    });
    expect(updates.length).toBeGreaterThan(20);
    expect(send(server, updates).filter((v) => v !== null)).toEqual([]);
    expect(new TableDoc(server).toJSON()).toEqual(table.toJSON());
  });

  it('a row field written again after a concurrent replacement, and a row without optional fields', () => {
    const { server, client, table } = setup();
    const id = firstRow(table);
    // an older document: the row has no `remark` yet, rowText creates it on first use
    const old = updatesOf(client, () => table.row(id)!.delete('remark'));
    expect(send(server, old)).toEqual([null]);
    const add = updatesOf(client, () => table.setIndicatorText(id, 'remark', '后补'));
    expect(send(server, add)).toEqual([null, null]); // the Y.Text, then its content
  });

  it('imports of every seed table, as one update each (a new table or a sync step 2)', () => {
    for (const seed of ['000', '001', '003', '004'] as const) {
      for (const { table } of importPublishedText(readSeed(seed)).tables) {
        const t = new TableDoc();
        t.load(table);
        expect(structureViolation(new Y.Doc(), Y.encodeStateAsUpdate(t.doc))).toBeNull();
        // into a document already holding a table, as the import into an existing project does
        const { server, client } = setup();
        const into = new TableDoc(client);
        const updates = updatesOf(client, () => into.load(table));
        expect(send(server, updates)).toEqual([null]);
      }
    }
  });

  it('offline edits sent as one sync step 2, and concurrent edits of a deleted row', () => {
    const { server, client, table } = setup();
    const id = firstRow(table);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    const offline = new TableDoc(other);
    offline.setIndicatorText(id, 'name', '离线编辑');
    offline.addIndicator({ ...QTY, name: '离线新增' });
    offline.goal.insert(0, '离线目标');
    // meanwhile the row is deleted on the server
    expect(send(server, updatesOf(client, () => table.deleteIndicator(id)))).toEqual([null]);
    const step2 = Y.encodeStateAsUpdate(other, Y.encodeStateVector(server));
    expect(structureViolation(server, step2)).toBeNull();
    Y.applyUpdate(server, step2);
    const rows = new TableDoc(server).indicators();
    expect(rows.some((r) => r.id === id)).toBe(false);
    expect(rows.some((r) => r.name === '离线新增')).toBe(true);
  });

  it('an update that arrives before the one it builds on is checked when that one arrives', () => {
    const { server, client, table } = setup();
    const [first, second] = updatesOf(client, () => {
      table.goal.insert(0, '甲');
      table.goal.insert(1, '乙');
    });
    expect(structureViolation(server, second!)).toBeNull();
    Y.applyUpdate(server, second!); // pending inside Yjs
    expect(structureViolation(server, first!)).toBeNull();
    Y.applyUpdate(server, first!);
    expect(new TableDoc(server).goal.toString()).toBe('甲乙');
  });
});

describe('structureViolation refuses poisoned updates', () => {
  it.each(poisonedUpdates().map((p) => [p.what, p] as const))('%s', (_what, { server, update, reason }) => {
    const before = Y.encodeStateAsUpdate(server);
    expect(structureViolation(server, update)).toBe(reason);
    expect(Y.encodeStateAsUpdate(server)).toEqual(before); // the check changes nothing
  });

  it('replacing a row key is fine, removing it is not', () => {
    const { server, client, table } = setup();
    const id = firstRow(table);
    expect(send(server, updatesOf(client, () => table.row(id)!.set('level2', '质量指标')))).toEqual([null]);
    expect(send(server, updatesOf(client, () => table.row(id)!.delete('level2')))).toEqual([STRUCTURE_REASONS.removedKey]);
  });

  it('finds poison inside a large sync step 2 among valid content', () => {
    const { server } = setup();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    const t = new TableDoc(other);
    for (let i = 0; i < 50; i++) t.addIndicator({ ...QTY, name: `指标${i}`, value: `${i}个` });
    t.goal.insert(0, '很长的目标'.repeat(50));
    t.header.set('attribute', 7);
    expect(structureViolation(server, Y.encodeStateAsUpdate(other, Y.encodeStateVector(server)))).toBe(STRUCTURE_REASONS.header);
  });

  it('poison sent before the update it builds on is refused with that update, and never applied', () => {
    const { server, client, table } = setup();
    const [first, second] = updatesOf(client, () => {
      table.goal.insert(0, '甲');
      table.goal.insertEmbed(1, { evil: true });
    });
    expect(structureViolation(server, second!)).toBeNull(); // its place is not known yet
    Y.applyUpdate(server, second!);
    expect(structureViolation(server, first!)).toBe(STRUCTURE_REASONS.goal);
    expect(new TableDoc(server).goal.toDelta()).toEqual([]);
  });

  it('refuses an update Yjs would give up on halfway: a reference to a later struct of its own client', () => {
    const { server } = setup();
    // a new row, then a field whose parent is the client's own clock 99 (Yjs throws there, after
    // integrating the row), then the row's keys: the update as a whole has every key
    const client = 4_242_424;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1); // one client
    encoding.writeVarUint(e, 5); // five structs
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, 0); // from clock 0
    const item = (parent: string | number, key: string, content: () => void) => {
      encoding.writeUint8(e, 0x20 | (typeof parent === 'string' ? 7 : 8)); // parentSub; ContentType or ContentAny
      encoding.writeVarUint(e, typeof parent === 'string' ? 1 : 0);
      if (typeof parent === 'string') encoding.writeVarString(e, parent);
      else {
        encoding.writeVarUint(e, client);
        encoding.writeVarUint(e, parent);
      }
      encoding.writeVarString(e, key);
      content();
    };
    const text = (v: string) => () => {
      encoding.writeVarUint(e, 1);
      encoding.writeAny(e, v);
    };
    item('indicators', 'ghost-row', () => encoding.writeVarUint(e, 1)); // a Y.Map
    item(99, 'name', text('x'));
    item(0, 'level1', text(QTY.level1));
    item(0, 'level2', text(QTY.level2));
    item(0, 'order', text('a0'));
    encoding.writeVarUint(e, 0); // no deletions
    const update = encoding.toUint8Array(e);
    expect(() => Y.applyUpdate(new Y.Doc(), Y.encodeStateAsUpdate(server))).not.toThrow();
    expect(Y.decodeUpdate(update).structs).toHaveLength(5);
    expect(structureViolation(server, update)).toBe(STRUCTURE_REASONS.unresolvable);
    // what refusing it prevents: the row alone, without its keys
    const probe = new Y.Doc();
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(server));
    expect(() => Y.applyUpdate(probe, update)).toThrow();
    expect((probe.getMap('indicators').get('ghost-row') as Y.Map<unknown>).get('level1')).toBeUndefined();
  });

  it('keeps every reason short enough for a websocket close frame', () => {
    for (const reason of Object.values(STRUCTURE_REASONS)) expect(new TextEncoder().encode(reason).length).toBeLessThan(123);
  });
});

describe('structureViolation cost', () => {
  it('checks a keystroke in microseconds on a full table', () => {
    const table = importPublishedText(readSeed('001')).tables[0]!.table;
    const server = new Y.Doc();
    const t0 = new TableDoc();
    t0.load(table);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(t0.doc));
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const t = new TableDoc(client);
    const id = t.indicators()[3]!.id;
    const [keystroke] = updatesOf(client, () => t.rowText(id, 'name')!.insert(2, '字'));
    const runs = 20_000;
    for (let i = 0; i < 1000; i++) structureViolation(server, keystroke!);
    const start = performance.now();
    for (let i = 0; i < runs; i++) structureViolation(server, keystroke!);
    const micros = ((performance.now() - start) * 1000) / runs;
    console.log(`structureViolation: ${micros.toFixed(2)} µs per keystroke update`);
    expect(structureViolation(server, keystroke!)).toBeNull();
    expect(micros).toBeLessThan(100); // generous: a shared machine; measured at a few µs
  });
});
