import { TableDoc } from '@jixiao/table';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { touchedParts } from './touched-parts.ts';

/**
 * A server-side copy of a table and a client editing it: what the server's transaction for one
 * client edit names (the update travels as bytes, as from a socket).
 */
function setUp() {
  const client = new TableDoc();
  const a = client.addIndicator({ level1: '产出指标', level2: '数量指标', name: '参保人数', value: '≥1700人次' });
  const b = client.addIndicator({ level1: '产出指标', level2: '质量指标', name: '准确率' });
  client.setHeader('projectName', '医疗保障服务项目');
  client.goal.insert(0, '保障参保群众');
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client.doc));
  const partsOf = (edit: (t: TableDoc) => void): string[] => {
    const before = Y.encodeStateVector(client.doc);
    edit(client);
    const update = Y.encodeStateAsUpdate(client.doc, before);
    let parts: string[] = [];
    const listen = (_u: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) => {
      parts = touchedParts(server, tr);
    };
    server.on('update', listen);
    Y.applyUpdate(server, update, 'socket');
    server.off('update', listen);
    return parts.sort();
  };
  return { a, b, partsOf };
}

describe('touchedParts', () => {
  it('names the row of an edited indicator text, and only that row', () => {
    const { a, partsOf } = setUp();
    expect(partsOf((t) => t.rowText(a, 'value')!.insert(0, '不少于'))).toEqual([`indicator:${a}`]);
  });

  it('names a row whose level or order changed (a move)', () => {
    const { a, b, partsOf } = setUp();
    expect(partsOf((t) => t.moveToGroup(a, '产出指标', '质量指标', { after: b }))).toEqual([`indicator:${a}`]);
  });

  it('names an added row, not a deleted one', () => {
    const { a, partsOf } = setUp();
    let added = '';
    const parts = partsOf((t) => {
      added = t.addIndicator({ level1: '效益指标', level2: '社会效益指标', name: '满意' });
    });
    expect(parts).toEqual([`indicator:${added}`]);
    expect(partsOf((t) => t.deleteIndicator(a))).toEqual([]);
  });

  it('names the header sections: basic fields, money lines and unit, the goal', () => {
    const { partsOf } = setUp();
    expect(partsOf((t) => t.setHeader('period', '1年'))).toEqual(['section:basic']);
    expect(partsOf((t) => t.setHeader('annualTotal', '15.12'))).toEqual(['section:money']);
    expect(
      partsOf((t) => {
        t.moneyUnit = '元';
      }),
    ).toEqual(['section:money']);
    expect(partsOf((t) => t.goal.insert(2, '全体'))).toEqual(['section:goal']);
  });

  it('names every part one transaction touched, once each', () => {
    const { a, b, partsOf } = setUp();
    const parts = partsOf((t) =>
      t.doc.transact(() => {
        t.rowText(a, 'name')!.insert(0, 'x');
        t.rowText(a, 'value')!.insert(0, 'y');
        t.rowText(b, 'value')!.insert(0, '≥95%');
        t.setHeader('department', '医保局');
        t.goal.insert(0, '年度');
      }),
    );
    expect(parts).toEqual([`indicator:${a}`, `indicator:${b}`, 'section:basic', 'section:goal'].sort());
  });
});
