import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkTable } from './rules/index.ts';
import { problemsNotice, safeTableJSON } from './structure-problems.ts';
import { QTY, firstRow, poisonedUpdates, setup } from './structure-poisons.ts';
import { TableDoc } from './table-doc.ts';
import { exportWorkbook, importWorkbook } from './xlsx/index.ts';

/** A stored document holding one poisoned update, applied without any check (as before the fix). */
function poisoned(update: Uint8Array, server: Y.Doc): TableDoc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  Y.applyUpdate(doc, update);
  return new TableDoc(doc);
}

describe('tolerant readers over poisoned documents', () => {
  it.each(poisonedUpdates().map((p) => [p.what, p] as const))('%s: read, checked and exported', async (_what, p) => {
    const t = poisoned(p.update, p.server);
    const json = t.toJSON();
    expect(json.indicators.length).toBeGreaterThan(0);
    expect(t.indicators().length).toBe(json.indicators.length);
    expect(t.problems()).toEqual(json.problems ?? []);
    for (const r of json.indicators) for (const v of [r.level1, r.level2, r.name, r.value]) expect(typeof v).toBe('string');
    for (const v of Object.values(json.header)) expect(typeof v).toBe('string');
    expect(() => checkTable(json)).not.toThrow();
    const { tables } = await importWorkbook(await exportWorkbook(json));
    expect(tables[0]!.table.header.projectName ?? '').toBe(json.header.projectName ?? '');
    // editing around the poison still works
    const id = t.addIndicator({ ...QTY, name: '新增' });
    t.moveIndicator(id, '');
    expect(t.indicators().some((r) => r.id === id)).toBe(true);
  });

  it('skips a string where a row map belongs and keeps every other row', () => {
    const p = poisonedUpdates().find((x) => x.what === 'a string where a row map belongs')!;
    const json = poisoned(p.update, p.server).toJSON();
    expect(json.indicators).toHaveLength(new TableDoc(p.server).indicators().length);
    expect(json.problems).toEqual([{ path: 'indicators.evil', message: '应为指标行，实为字符串，已跳过' }]);
    expect(problemsNotice(json.problems)).toBe('有1处数据格式异常已跳过');
  });

  it('skips a Y.Map in a header field and a number as order key, keeping the row', () => {
    const { client, table } = setup();
    const id = firstRow(table);
    table.header.set('projectName', new Y.Map());
    table.row(id)!.set('order', 5);
    table.row(id)!.set('name', '不是协作文本');
    table.row(id)!.delete('level2');
    const json = table.toJSON();
    expect(json.header.projectName).toBeUndefined();
    expect(table.getHeader('projectName')).toBe('');
    const row = json.indicators.find((r) => r.id === id)!;
    expect(row).toMatchObject({ level1: '产出指标', level2: '', name: '' });
    expect(json.problems?.map((x) => x.path).sort()).toEqual(
      ['header.projectName', `indicators.${id}.level2`, `indicators.${id}.name`, `indicators.${id}.order`].sort(),
    );
    expect(table.rowText(id, 'name')).toBeInstanceOf(Y.Text); // editing replaces the bad value
    expect(client).toBe(table.doc);
  });

  it('reads nested arrays, embeds and list content in map roots without throwing', () => {
    const { table } = setup();
    const id = firstRow(table);
    table.row(id)!.set('value', Y.Array.from([Y.Array.from([1, [2, 3]])]));
    table.goal.insertEmbed(0, new Y.Map());
    table.goal.insert(1, '目标');
    table.rowText(id, 'name')!.insertEmbed(0, { x: 1 });
    const json = table.toJSON();
    expect(json.goal).toBe('目标');
    expect(json.problems).toEqual([{ path: `indicators.${id}.value`, message: '应为协作文本，实为数组，已跳过' }]);
  });

  it('survives a root name taken as another type, and rows deleted while held', () => {
    const doc = new Y.Doc();
    doc.getMap('goal').set('x', 1);
    const t = new TableDoc(doc);
    expect(t.goal.toString()).toBe('');
    expect(t.toJSON().problems).toEqual([{ path: 'goal', message: '根节点已被用作其他类型，已跳过' }]);

    const { table } = setup();
    const id = firstRow(table);
    const held = table.row(id)!;
    table.deleteIndicator(id);
    expect(table.row(id)).toBeUndefined();
    expect(table.rowText(id, 'name')).toBeUndefined();
    table.moveIndicator(id, '');
    expect(held.get('level1')).toBeUndefined(); // a deleted type reads empty
    expect(table.toJSON().problems).toBeUndefined();
  });

  it('leaves a clean table without a problems key', () => {
    expect(setup().table.toJSON()).not.toHaveProperty('problems');
  });
});

describe('safeTableJSON', () => {
  it('keeps strings where strings belong and lists the rest', () => {
    const table = safeTableJSON({
      header: { projectName: { a: 1 }, year: '2026', moneyUnit: '美元', unknown: 'x' },
      goal: 42,
      indicators: ['row', { level1: '产出指标', level2: ['x'], name: '名称', value: null, remark: 3, id: 'i1' }],
      problems: [{ path: 'indicators.x', message: '已跳过' }, 'junk'],
    });
    expect(table.header).toEqual({ year: '2026' });
    expect(table.goal).toBe('');
    expect(table.indicators).toEqual([{ id: 'i1', level1: '产出指标', level2: '', name: '名称', value: '' }]);
    expect(table.problems?.[0]).toEqual({ path: 'indicators.x', message: '已跳过' });
    expect(table.problems?.map((p) => p.path)).toEqual([
      'indicators.x',
      'header.projectName',
      'header.moneyUnit',
      'indicators.0',
      'indicators.1.level2',
      'indicators.1.value',
      'indicators.1.remark',
      'goal',
    ]);
    expect(safeTableJSON(null)).toEqual({ header: {}, goal: '', indicators: [] });
  });

  it('exports a workbook from any shape', async () => {
    const bytes = await exportWorkbook({ header: 7, indicators: 'x' } as never);
    expect(bytes.length).toBeGreaterThan(1000);
  });
});
