/**
 * Anchors follow the table: a range of the goal text (Yjs relative positions, made by a client)
 * still covers the same words after concurrent typing before, inside and after it by two
 * people; an indicator thread follows its row through edits and a move to another group.
 */
import { type ThreadView, loadDoc } from '@jixiao/core';
import { testDatabases } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type SeededApp, api, connectClient, destroyClients, openSeededApp, waitFor } from './helpers.ts';

const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString('base64');
const decode = (b64: string) => Y.decodeRelativePosition(new Uint8Array(Buffer.from(b64, 'base64')));

describe.each(testDatabases())('comment anchors on $name', (database) => {
  let env: SeededApp;

  beforeAll(async () => {
    env = await openSeededApp(database);
  });
  afterAll(() => env?.close());

  it('a goal range keeps covering its words through concurrent inserts and deletes around and inside it', async () => {
    const { app, data, cookies } = env;
    const a = await connectClient(app, data.projectId, cookies.editor!);
    const b = await connectClient(app, data.projectId, cookies.editor2!);
    try {
      const ta = new TableDoc(a.doc);
      const tb = new TableDoc(b.doc);
      ta.goal.insert(0, '年度目标：提高参保覆盖率，确保待遇按时足额发放。');
      await waitFor(() => tb.goal.toString() === ta.goal.toString(), 'goal relayed');

      // the reviewer's browser made the range from its copy: 参保覆盖率
      const start = ta.goal.toString().indexOf('参保覆盖率');
      const anchor = {
        kind: 'goal',
        start: encode(Y.createRelativePositionFromTypeIndex(ta.goal, start)),
        end: encode(Y.createRelativePositionFromTypeIndex(ta.goal, start + '参保覆盖率'.length)),
      };
      const created = await api(app, `/api/projects/${data.projectId}/threads`, { cookie: cookies.reviewer, method: 'POST', body: { anchor, body: '覆盖率需量化' } });
      expect(created.status).toBe(201);

      // two people type at once: before the range, inside it, and delete after it
      ta.goal.insert(0, '【2026年】');
      tb.goal.insert(tb.goal.toString().indexOf('确保'), '并');
      tb.goal.insert(tb.goal.toString().indexOf('覆盖率'), '人员');
      tb.goal.delete(tb.goal.toString().indexOf('按时'), 2);
      ta.goal.insert(ta.goal.length, '（2026年底前）');
      await waitFor(() => ta.goal.toString() === tb.goal.toString() && ta.goal.toString().includes('人员') && ta.goal.toString().includes('年底前'), 'converged');
      expect(ta.goal.toString()).toBe('【2026年】年度目标：提高参保人员覆盖率，并确保待遇足额发放。（2026年底前）');

      const threads = (await api(app, `/api/projects/${data.projectId}/threads`, { cookie: cookies.editor })).body as ThreadView[];
      const stored = threads.find((t) => t.comments[0]?.body === '覆盖率需量化')!;
      expect(stored.anchor).toEqual(anchor);
      const at = (b64: string, doc: Y.Doc) => Y.createAbsolutePositionFromRelativePosition(decode(b64), doc)!.index;
      // resolved in the server's stored document and in each client: the same words, grown by the insert inside
      const server = await loadDoc(app.services.db, data.projectId);
      try {
        for (const doc of [server, a.doc, b.doc]) {
          const goal = new TableDoc(doc).goal;
          if (stored.anchor.kind !== 'goal') throw new Error('not a goal anchor');
          expect(goal.toString().slice(at(stored.anchor.start!, doc), at(stored.anchor.end!, doc))).toBe('参保人员覆盖率');
        }
      } finally {
        server.destroy();
      }
    } finally {
      destroyClients(a, b);
    }
  });

  it('an indicator thread follows its row through edits and a move to another group', async () => {
    const { app, data, cookies } = env;
    const a = await connectClient(app, data.projectId, cookies.editor!);
    const b = await connectClient(app, data.projectId, cookies.editor2!);
    try {
      const ta = new TableDoc(a.doc);
      const row = ta.addIndicator({ level1: '产出指标', level2: '数量指标', name: '培训人次', value: '≥500人次' });
      await waitFor(() => new TableDoc(b.doc).indicators().some((r) => r.id === row), 'row relayed');
      const created = await api(app, `/api/projects/${data.projectId}/threads`, { cookie: cookies.finance, method: 'POST', body: { anchor: { kind: 'indicator', indicatorId: row }, body: '这是成本还是数量？' } });
      expect(created.status).toBe(201);

      // one renames it while the other moves it to 成本指标 and rows are added around it
      const tb = new TableDoc(b.doc);
      ta.setIndicatorText(row, 'name', '培训人次（线上线下）');
      tb.moveToGroup(row, '产出指标', '成本指标', 'first');
      tb.addIndicator({ level1: '产出指标', level2: '成本指标', name: '培训经费', value: '≤5万元' }, row);
      await waitFor(() => {
        const r = ta.indicators().find((x) => x.id === row);
        return r?.level2 === '成本指标' && tb.indicators().find((x) => x.id === row)?.name === '培训人次（线上线下）';
      }, 'converged');

      const threads = (await api(app, `/api/projects/${data.projectId}/threads`, { cookie: cookies.editor })).body as ThreadView[];
      const thread = threads.find((t) => t.comments[0]?.body === '这是成本还是数量？')!;
      expect(thread.anchor).toEqual({ kind: 'indicator', indicatorId: row, deleted: false });
      const table = (await api(app, `/api/projects/${data.projectId}/table`, { cookie: cookies.editor })).body as ReturnType<TableDoc['toJSON']>;
      expect(table.indicators.filter((r) => r.id === row)).toEqual([
        { id: row, level1: '产出指标', level2: '成本指标', name: '培训人次（线上线下）', value: '≥500人次' },
      ]);
    } finally {
      destroyClients(a, b);
    }
  });
});
