/**
 * Attribution through real y-websocket clients on both databases: every stored update names its
 * sender, part_change names the last writer of each indicator and header section and moves on
 * with a later edit, a throttled `table` event tells subscribers which parts changed,
 * read-only users' refused updates attribute nothing, and GET /api/projects/:id/changes
 * returns it with names, to those who may see the table only.
 */
import type { ProjectEvent } from '@jixiao/core';
import { testDatabases } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningApp } from '../src/app.ts';
import { type Client, type Seed, type SeededApp, api, connectClient, destroyClients, openSeededApp, sleep, waitFor } from './helpers.ts';

interface PartChange {
  part: string;
  user: { id: string; name: string };
  changedAt: string;
}

type TableEvent = Extract<ProjectEvent, { type: 'table' }>;

describe.each(testDatabases())('attribution on $name', (database) => {
  let env: SeededApp;
  let app: RunningApp;
  let data: Seed;
  let cookies: Record<string, string>;
  let clients: Client[] = [];

  const client = async (who: string) => {
    const c = await connectClient(app, data.projectId, cookies[who]!);
    clients.push(c);
    return c;
  };
  /** part → user id, as stored */
  const stored = async (): Promise<Record<string, string>> => {
    await app.collab.flush();
    const rows = await app.services.db
      .selectFrom('part_change')
      .select(['part', 'user_id'])
      .where('project_id', '=', data.projectId)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.part, r.user_id]));
  };
  const changes = async (who: string, projectId = data.projectId) =>
    api(app, `/api/projects/${projectId}/changes`, { cookie: cookies[who] });
  /** every `table` event of the project from now on */
  const listen = () => {
    const events: Array<TableEvent & { at: number }> = [];
    const off = app.events.subscribe(data.projectId, (e) => {
      if (e.type === 'table') events.push({ ...e, at: Date.now() });
    });
    return { events, off, parts: () => new Set(events.flatMap((e) => e.parts)) };
  };

  beforeAll(async () => {
    // no compaction during the tests: the log keeps every update with its sender; table events
    // throttled to a 200 ms window (the default is 1 s), so the throttling test is quick
    env = await openSeededApp(database, { collabConfig: { compactAfterUpdates: 100_000, tableEventIntervalMs: 200 } });
    ({ app, data, cookies } = env);
  });

  afterEach(() => {
    destroyClients(...clients);
    clients = [];
  });

  afterAll(async () => {
    await env?.close();
  });

  it('names who changed each indicator and header section last, and who sent each update', async () => {
    const { editor, editor2 } = data.users;
    const one = await client('editor');
    const two = await client('editor2');
    const t1 = new TableDoc(one.doc);
    const t2 = new TableDoc(two.doc);
    // whoever created the table wrote all of its first content
    const created = await stored();
    expect(Object.keys(created).sort()).toEqual(['section:basic', 'section:goal', 'section:money', ...t1.indicators().map((r) => `indicator:${r.id}`)].sort());
    expect(new Set(Object.values(created))).toEqual(new Set([editor.id]));

    const a = t1.addIndicator({ level1: '产出指标', level2: '数量指标', name: '参保人数' });
    t1.setHeader('period', '1年');
    const b = t2.addIndicator({ level1: '产出指标', level2: '质量指标', name: '准确率' });
    t2.rowText(b, 'value')!.insert(0, '≥95%');
    t2.setHeader('annualTotal', '15.12');
    t2.goal.insert(0, '保障参保群众');
    // relayed means committed
    await waitFor(() => t2.row(a) !== undefined && t2.getHeader('period') === '1年', 'editor edits at editor2');
    await waitFor(() => t1.getHeader('annualTotal') === '15.12' && t1.goal.toString() !== '', 'editor2 edits at editor');

    expect(await stored()).toEqual({
      ...created,
      [`indicator:${a}`]: editor.id,
      'section:basic': editor.id,
      [`indicator:${b}`]: editor2.id,
      'section:money': editor2.id,
      'section:goal': editor2.id,
    });

    // every update names its sender and arrival (the first document: the table's creator)
    const log = await app.services.db
      .selectFrom('doc_update')
      .select(['user_id', 'received_at'])
      .where('project_id', '=', data.projectId)
      .orderBy('id')
      .execute();
    const sent = log.filter((r) => r.user_id !== null);
    expect(new Set(sent.map((r) => r.user_id))).toEqual(new Set([editor.id, editor2.id]));
    expect(sent.length).toBeGreaterThanOrEqual(6);
    for (const r of sent) expect(Date.now() - Date.parse(r.received_at!)).toBeLessThan(60_000);

    // GET /changes: names and times
    const res = await changes('editor');
    expect(res.status).toBe(200);
    const byPart = new Map((res.body as PartChange[]).map((c) => [c.part, c]));
    expect(byPart.get(`indicator:${a}`)?.user).toEqual({ id: editor.id, name: 'editor' });
    expect(byPart.get(`indicator:${b}`)?.user).toEqual({ id: editor2.id, name: 'editor2' });
    expect(byPart.get('section:money')?.user.name).toBe('editor2');
    const firstAt = byPart.get(`indicator:${a}`)!.changedAt;
    expect(Number.isNaN(Date.parse(firstAt))).toBe(false);

    // a later edit by the other user moves the attribution of that part only
    await sleep(5);
    t2.rowText(a, 'value')!.insert(0, '≥1700人次');
    await waitFor(() => t1.row(a)?.toJSON().value === '≥1700人次', 'editor2 edit of row a at editor');
    const moved = await stored();
    expect(moved[`indicator:${a}`]).toBe(editor2.id);
    expect(moved['section:basic']).toBe(editor.id);
    const again = new Map(((await changes('reviewer')).body as PartChange[]).map((c) => [c.part, c]));
    expect(again.get(`indicator:${a}`)?.user.name).toBe('editor2');
    expect(again.get(`indicator:${a}`)!.changedAt > firstAt).toBe(true);

    // and back
    t1.setHeader('annualTotal', '16');
    await waitFor(() => t2.getHeader('annualTotal') === '16', 'editor money edit at editor2');
    expect((await stored())['section:money']).toBe(editor.id);
  });

  it('GET /changes is for those who may see the table: 401, 403 for another unit, 404 unknown', async () => {
    expect((await changes('finance')).status).toBe(200);
    expect((await changes('subEditor')).status).toBe(403);
    const outsider = await changes('outsider');
    expect(outsider.status).toBe(403);
    expect(outsider.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await changes('editor', 'p_nope')).status).toBe(404);
    expect((await api(app, `/api/projects/${data.projectId}/changes`)).status).toBe(401);
  });

  it('tells subscribers which parts changed after commit, at once and then at most once per window (200 ms here)', async () => {
    const one = await client('editor');
    const two = await client('editor2');
    const t1 = new TableDoc(one.doc);
    const t2 = new TableDoc(two.doc);
    const rows = Array.from({ length: 8 }, (_, i) => t1.addIndicator({ level1: '产出指标', level2: '时效指标', name: `行${i}` }));
    await waitFor(() => rows.every((id) => t2.row(id)), 'rows at editor2');
    await sleep(400); // the window of these adds has closed

    const sub = listen();
    const first = Date.now();
    t1.goal.insert(0, '甲');
    await waitFor(() => sub.events.length > 0, 'the leading event', 1000);
    expect(sub.events[0]!.at - first).toBeLessThan(500);
    expect(sub.events[0]).toMatchObject({ type: 'table', projectId: data.projectId, parts: ['section:goal'] });

    // a typist: one keystroke every 10 ms in eight rows for ~400 ms
    const typingStarted = Date.now();
    for (let i = 0; i < 40; i++) {
      t1.rowText(rows[i % rows.length]!, 'value')!.insert(0, String(i % 10));
      await sleep(10);
    }
    const typed = Date.now();
    const expected = rows.map((id) => `indicator:${id}`);
    await waitFor(() => expected.every((p) => sub.parts().has(p)), 'every typed row in the events', 1500);
    await sleep(700); // the last window ends: nothing more is pending
    // every viewer learns of the last keystroke within ~0.5 s
    expect(sub.events.at(-1)!.at - typed).toBeLessThan(500);
    const during = sub.events.filter((e) => e.at >= typingStarted);
    // 40 committed updates, merged: one event per 200 ms window (plus the trailing edge)
    expect(during.length).toBeLessThanOrEqual(Math.ceil((typed - typingStarted) / 200) + 2);
    expect(during.length).toBeLessThan(10);
    // the leading edge is not repeated within a window
    for (let i = 1; i < sub.events.length; i++) expect(sub.events[i]!.at - sub.events[i - 1]!.at).toBeGreaterThanOrEqual(100);
    for (const e of during) expect(new Set(e.parts).size).toBe(e.parts.length);
    sub.off();
  });

  it('a read-only user’s refused updates attribute nothing and announce nothing', async () => {
    const before = await stored();
    const logBefore = await app.services.db.selectFrom('doc_update').select('id').where('project_id', '=', data.projectId).execute();
    const sub = listen();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const reviewer = await client('reviewer');
    const tr = new TableDoc(reviewer.doc);
    const [row] = tr.indicators();
    tr.goal.insert(0, '审核人偷偷改的');
    tr.setHeader('department', '审核人改的');
    tr.setHeader('annualTotal', '1');
    tr.rowText(row!.id, 'value')!.insert(0, '审核');
    tr.addIndicator({ level1: '产出指标', level2: '质量指标', name: '不该出现' });
    await waitFor(() => warn.mock.calls.some((c) => /read-only/.test(String(c[0]))), 'permission denied at the client');
    warn.mockRestore();
    await sleep(400);

    expect(await stored()).toEqual(before);
    const log = await app.services.db
      .selectFrom('doc_update')
      .select(['id', 'user_id'])
      .where('project_id', '=', data.projectId)
      .execute();
    expect(log.length).toBe(logBefore.length);
    expect(log.some((r) => r.user_id === data.users.reviewer.id)).toBe(false);
    expect(sub.events).toEqual([]);
    sub.off();
  });
});
