/**
 * Test helper: an editor's client synced with a server document, and a catalogue of poisoned
 * edits (valid Yjs updates that break the table schema), for the checker and the tolerant readers.
 */
import * as Y from 'yjs';
import { STRUCTURE_REASONS } from './structure-check.ts';
import { TableDoc, skeletonTable } from './table-doc.ts';

export const QTY = { level1: '产出指标', level2: '数量指标' } as const;

/** A server document and an editor's client, synced; the client's updates are checked, then applied. */
export function setup() {
  const server = new Y.Doc({ gc: true });
  const seed = new TableDoc();
  seed.load(skeletonTable({ projectName: '专项业务费', year: '2026' }));
  Y.applyUpdate(server, Y.encodeStateAsUpdate(seed.doc));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client, table: new TableDoc(client) };
}

/** The updates `edit` makes on `doc`, one per transaction, as a y-websocket client sends them. */
export function updatesOf(doc: Y.Doc, edit: () => void): Uint8Array[] {
  const out: Uint8Array[] = [];
  const on = (u: Uint8Array) => out.push(u);
  doc.on('update', on);
  try {
    edit();
  } finally {
    doc.off('update', on);
  }
  return out;
}

export const firstRow = (t: TableDoc) => t.indicators()[0]!.id;

/** Poisoned edits, each made on a client synced with the server. */
const POISONS: Array<[string, keyof typeof STRUCTURE_REASONS, (c: Y.Doc, t: TableDoc, id: string) => void]> = [
  ['a string where a row map belongs', 'row', (c) => c.getMap('indicators').set('evil', '字符串')],
  ['a number where a row map belongs', 'row', (c) => c.getMap('indicators').set('evil', 42)],
  ['a Y.Text where a row map belongs', 'row', (c) => c.getMap('indicators').set('evil', new Y.Text('x'))],
  ['a Y.Array where a row map belongs', 'row', (c) => c.getMap('indicators').set('evil', Y.Array.from([1, 2]))],
  ['a Y.XmlHook (a Y.Map subclass) as a row', 'row', (c) => c.getMap('indicators').set('evil', new Y.XmlHook('h'))],
  ['a row replaced by a plain object', 'row', (c, _t, id) => c.getMap('indicators').set(id, { level1: '产出指标' })],
  ['list content in the indicators root', 'row', () => {}],
  ['a Y.Map in a header field', 'header', (_c, t) => t.header.set('projectName', new Y.Map())],
  ['a Y.Text in a header field', 'header', (_c, t) => t.header.set('year', new Y.Text('2026'))],
  ['a number in a header field', 'header', (_c, t) => t.header.set('annualTotal', 284)],
  ['an array in a header field', 'header', (_c, t) => t.header.set('projectName', ['a', 'b'])],
  ['an object as the money unit', 'header', (_c, t) => t.header.set('moneyUnit', { unit: '元' })],
  ['an embed in the goal', 'goal', (_c, t) => t.goal.insertEmbed(0, { image: 'x' })],
  ['a Y.Map embedded in the goal', 'goal', (_c, t) => t.goal.insertEmbed(0, new Y.Map())],
  ['formatting in the goal', 'goal', (_c, t) => {
    t.goal.insert(0, '目标');
    t.goal.format(0, 1, { bold: true });
  }],
  ['a number as order key', 'rowKey', (_c, t, id) => t.row(id)!.set('order', 5)],
  ['a Y.Map as 二级', 'rowKey', (_c, t, id) => t.row(id)!.set('level2', new Y.Map())],
  ['a Y.Text as 一级', 'rowKey', (_c, t, id) => t.row(id)!.set('level1', new Y.Text('产出指标'))],
  ['a string where a Y.Text name belongs', 'rowText', (_c, t, id) => t.row(id)!.set('name', '名称')],
  ['a number where a Y.Text value belongs', 'rowText', (_c, t, id) => t.row(id)!.set('value', 90)],
  ['nested arrays as a text field', 'rowText', (_c, t, id) => t.row(id)!.set('remark', Y.Array.from([Y.Array.from([1])]))],
  ['a Y.XmlText (a Y.Text subclass) as a text field', 'rowText', (_c, t, id) => t.row(id)!.set('name', new Y.XmlText('x'))],
  ['an embed inside a row text', 'text', (_c, t, id) => t.rowText(id, 'name')!.insertEmbed(0, Y.Array.from([1]))],
  ['a new row without 一级', 'newRow', (c) => {
    const row = new Y.Map<unknown>();
    row.set('level2', '数量指标');
    row.set('order', 'a0');
    row.set('name', new Y.Text('缺一级'));
    c.getMap('indicators').set('evil', row);
  }],
  ['a new empty row', 'newRow', (c) => c.getMap('indicators').set('evil', new Y.Map())],
  ['a new row whose 一级 is deleted in the same update', 'newRow', (c, t) =>
    c.transact(() => t.row(t.addIndicator({ ...QTY, name: '缺一级' }))!.delete('level1'))],
  ['a row whose 一级 is deleted', 'removedKey', (_c, t, id) => t.row(id)!.delete('level1')],
  ['a row whose order key is deleted', 'removedKey', (_c, t, id) => t.row(id)!.delete('order')],
  ['a row whose 一级 is replaced, and the replacement deleted', 'removedKey', (c, t, id) =>
    c.transact(() => {
      t.row(id)!.set('level1', '效益指标');
      t.row(id)!.delete('level1');
    })],
];

/** Poisoned updates made on a synced client, each with the reason it must get. */
export function poisonedUpdates(): Array<{ what: string; reason: string; server: Y.Doc; update: Uint8Array }> {
  return POISONS.map(([what, reason, poison]) => {
    const { server, client, table } = setup();
    const id = firstRow(table);
    let update: Uint8Array;
    if (what === 'list content in the indicators root') {
      // a client that took the root as an array: list items with the root as parent
      const evil = new Y.Doc();
      evil.getArray('indicators').insert(0, ['x']);
      update = Y.encodeStateAsUpdate(evil);
    } else {
      update = Y.mergeUpdates(updatesOf(client, () => poison(client, table, id)));
    }
    return { what, reason: STRUCTURE_REASONS[reason], server, update };
  });
}

