import { CLOSE } from '@jixiao/collab';
import { testDatabases } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { type Actor, createProject, loadActor, setRole } from '@jixiao/core';
import type { RunningApp } from '../src/app.ts';
import {
  type Client,
  type Seed,
  connectClient,
  destroyClients,
  api,
  freePort,
  openRaw,
  seed,
  signIn,
  sleep,
  start,
  storedTable,
  upgradeStatus,
  varUint,
  waitFor,
} from './helpers.ts';

const MAX_MESSAGE = 64 * 1024;
/** Small limits so compaction and idle unloading happen during the tests. */
const COLLAB_OPTIONS = {
  collabConfig: { maxMessageBytes: MAX_MESSAGE, compactAfterUpdates: 25, idleUnloadMs: 200 },
};

/** y-protocols sync message step: 0 = step 1, 1 = step 2, 2 = update. */
const SYNC_UPDATE = 2;

/** A y-websocket sync frame: messageSync (0), the step, then the length-prefixed payload. */
function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  return new Uint8Array([0, ...varUint(step), ...varUint(payload.length), ...payload]);
}

describe.each(testDatabases())('collaboration on $name', (database) => {
  let url: string;
  let drop: () => Promise<void>;
  let port: number;
  let app: RunningApp;
  let data: Seed;
  const cookies: Record<string, string> = {};
  let clients: Client[] = [];

  const restart = async () => {
    await app.close();
    app = await start(url, port, COLLAB_OPTIONS);
  };
  const client = async (who: string, projectId = data.projectId) => {
    const c = await connectClient(app, projectId, cookies[who]!);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    const created = await database.create();
    url = created.url;
    drop = created.drop;
    port = await freePort();
    app = await start(url, port, COLLAB_OPTIONS);
    data = await seed(app);
    for (const [key, user] of Object.entries(data.users)) cookies[key] = await signIn(app, user.email);
  });

  afterEach(() => {
    destroyClients(...clients);
    clients = [];
  });

  afterAll(async () => {
    destroyClients(...clients);
    await app?.close();
    await drop?.();
  });

  it('serves the stored table to a new client', async () => {
    const a = await client('editor');
    const table = new TableDoc(a.doc).toJSON();
    expect(table.header.projectName).toBe('医疗保障服务项目');
    expect(table.header.year).toBe('2026');
    expect(table.indicators.length).toBeGreaterThan(3);
  });

  it('syncs edits between two clients, and shows and removes presence', async () => {
    const a = await client('editor');
    const b = await client('editor2');
    const ta = new TableDoc(a.doc);
    const tb = new TableDoc(b.doc);
    const id = ta.addIndicator({ level1: '产出指标', level2: '数量指标', name: '参保人数', value: '≥100万人' });
    ta.setHeader('fundOffice', '医保处');
    ta.goal.insert(0, '提高医疗保障水平');
    await waitFor(() => tb.row(id) !== undefined && tb.goal.toString() === '提高医疗保障水平', 'edit of A at B');
    expect(tb.indicators().find((r) => r.id === id)).toMatchObject({ name: '参保人数', value: '≥100万人' });
    expect(tb.getHeader('fundOffice')).toBe('医保处');
    // and the other way round, concurrently typed into the same text
    tb.setIndicatorText(id, 'value', '≥120万人');
    tb.goal.insert(tb.goal.length, '，减轻群众负担');
    await waitFor(() => ta.goal.toString() === '提高医疗保障水平，减轻群众负担', 'edit of B at A');
    expect(ta.indicators().find((r) => r.id === id)?.value).toBe('≥120万人');

    a.provider.awareness.setLocalStateField('user', { name: 'A 张', color: '#c00' });
    const aId = a.doc.clientID;
    await waitFor(() => b.provider.awareness.getStates().has(aId), 'presence of A at B');
    // the name shown is the session's, not the one the client claims
    expect(b.provider.awareness.getStates().get(aId)).toEqual({
      user: { id: data.users.editor.id, name: 'editor', color: '#c00' },
    });
    // A's connection dies without a goodbye: the server removes A's presence for B
    a.provider.shouldConnect = false;
    (a.provider.ws as unknown as { terminate(): void }).terminate();
    await waitFor(() => !b.provider.awareness.getStates().has(aId), 'presence of A removed at B');

    const stored = await storedTable(app, data.projectId);
    expect(stored.goal).toBe('提高医疗保障水平，减轻群众负担');
    expect(stored.indicators.find((r) => r.id === id)?.value).toBe('≥120万人');
  });

  it('reads a table held in a room from the room: once per change, the same for the API, none once unloaded', async () => {
    await waitFor(() => app.collab.roomCount === 0, 'the rooms of earlier tests unloaded');
    expect(app.collab.liveTable(data.projectId)).toBeNull();
    const a = await client('editor');
    const ta = new TableDoc(a.doc);
    ta.goal.insert(0, '【房间里】');
    await waitFor(() => app.collab.liveTable(data.projectId)?.goal.startsWith('【房间里】') === true, 'the edit in the room');
    const first = app.collab.liveTable(data.projectId)!;
    // unchanged: the same object, however many ask
    expect(app.collab.liveTable(data.projectId)).toBe(first);
    const viaApi = await api(app, `/api/projects/${data.projectId}/table`, { cookie: cookies.editor });
    expect(viaApi.status).toBe(200);
    expect(viaApi.body).toEqual(first);
    ta.goal.insert(0, '再改');
    await waitFor(() => app.collab.liveTable(data.projectId) !== first, 'a new copy after the next edit');
    expect(app.collab.liveTable(data.projectId)!.goal.startsWith('再改【房间里】')).toBe(true);
    // another unit still gets 403, live room or not
    expect((await api(app, `/api/projects/${data.projectId}/table`, { cookie: cookies.outsider })).status).toBe(403);
    destroyClients(a);
    clients = [];
    await waitFor(() => app.collab.roomCount === 0, 'idle room unloaded');
    expect(app.collab.liveTable(data.projectId)).toBeNull();
    expect((await storedTable(app, data.projectId)).goal.startsWith('再改【房间里】')).toBe(true);
  });

  it('newcomers holding nothing get the table as it is at each join, edit after edit', async () => {
    const a = await client('editor');
    const ta = new TableDoc(a.doc);
    for (let i = 0; i < 3; i++) {
      ta.goal.insert(ta.goal.length, `第${i}步。`);
      while ((await storedTable(app, data.projectId)).goal !== ta.goal.toString()) await sleep(20);
      // two at once share the room's encoding of this state; the next edit makes a new one
      const [b, c] = await Promise.all([client('editor2'), client('reviewer')]);
      expect(new TableDoc(b.doc).goal.toString()).toBe(ta.goal.toString());
      expect(new TableDoc(c.doc).toJSON()).toEqual(ta.toJSON());
    }
  });

  it('a newcomer sees the presence of those already there', async () => {
    const a = await client('editor');
    a.provider.awareness.setLocalStateField('focus', 'early');
    await sleep(50);
    const b = await client('reviewer');
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.focus === 'early', 'presence');
    expect(b.provider.awareness.getStates().get(a.doc.clientID)?.user).toMatchObject({ name: 'editor' });
  });

  it('keeps every edit across a restart', async () => {
    const a = await client('editor');
    const ta = new TableDoc(a.doc);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(ta.addIndicator({ level1: '效益指标', level2: '社会效益指标', name: `重启前${i}` }));
    ta.setHeader('period', '2026-2028');
    const before = ta.toJSON();
    // the relay happens only after the commit, so another client seeing it means it is stored
    const b = await client('editor2');
    await waitFor(() => ids.every((id) => new TableDoc(b.doc).row(id)), 'all edits at B');
    destroyClients(a, b);
    clients = [];
    await restart();
    const c = await client('reviewer');
    expect(new TableDoc(c.doc).toJSON()).toEqual(before);
    expect(await storedTable(app, data.projectId)).toEqual(before);
  });

  it('converges concurrent edits of many clients, compacts the log and unloads idle rooms', async () => {
    const many = await Promise.all(['editor', 'editor2', 'editor', 'editor2', 'editor'].map((who) => client(who)));
    const goalBefore = new TableDoc(many[0]!.doc).goal.length;
    const ids = many.flatMap((c, n) => {
      const t = new TableDoc(c.doc);
      const out: string[] = [];
      for (let i = 0; i < 12; i++) {
        out.push(t.addIndicator({ level1: '产出指标', level2: '数量指标', name: `c${n}-${i}` }));
        t.goal.insert(0, String(n));
      }
      return out;
    });
    // every row and every goal character (5 clients × 12) at every client
    await waitFor(
      () =>
        many.every(
          (c) => ids.every((id) => new TableDoc(c.doc).row(id)) && new TableDoc(c.doc).goal.length === goalBefore + 60,
        ),
      'all concurrent edits everywhere',
    );
    const expected = new TableDoc(many[0]!.doc).toJSON();
    for (const c of many) expect(new TableDoc(c.doc).toJSON()).toEqual(expected);
    expect(expected.goal.length).toBe(goalBefore + 60);

    destroyClients(...many);
    clients = [];
    await waitFor(() => app.collab.roomCount === 0, 'idle room unloaded');
    const snapshot = await app.services.db
      .selectFrom('doc_snapshot')
      .select('upto')
      .where('project_id', '=', data.projectId)
      .executeTakeFirst();
    expect(snapshot).toBeDefined();
    const log = await app.services.db
      .selectFrom('doc_update')
      .select('id')
      .where('project_id', '=', data.projectId)
      .execute();
    // unloading compacts: the whole log is in the snapshot
    expect(log.length).toBe(0);
    expect(await storedTable(app, data.projectId)).toEqual(expected);
    const again = await client('reviewer');
    expect(new TableDoc(again.doc).toJSON()).toEqual(expected);
  });

  it('refuses upgrades: 401 without a session, 403 for another unit, 404 for an unknown project', async () => {
    const none = await upgradeStatus(app, data.projectId);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    const forged = await upgradeStatus(app, data.projectId, 'better-auth.session_token=forged.token');
    expect(forged.status).toBe(401);
    const other = await upgradeStatus(app, data.projectId, cookies.outsider);
    expect(other.status).toBe(403);
    expect(JSON.parse(other.body).error.code).toBe('FORBIDDEN');
    const below = await upgradeStatus(app, data.projectId, cookies.subEditor);
    expect(below.status).toBe(403);
    const unknown = await upgradeStatus(app, 'p_unknown_project', cookies.editor);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('PROJECT_NOT_FOUND');
    // oversight lets finance in (read-only)
    expect((await upgradeStatus(app, data.projectId, cookies.finance)).status).toBe(101);
    expect((await upgradeStatus(app, data.projectId, cookies.editor)).status).toBe(101);

    // upgrades arriving together are looked up together (one batch): each still gets its own answer
    const together = await Promise.all([
      upgradeStatus(app, data.projectId, cookies.editor),
      upgradeStatus(app, 'p_unknown_project', cookies.editor),
      upgradeStatus(app, data.projectId, cookies.outsider),
      upgradeStatus(app, data.projectId, cookies.finance),
      upgradeStatus(app, 'p_unknown_project', cookies.outsider),
      upgradeStatus(app, data.projectId),
    ]);
    expect(together.map((r) => r.status)).toEqual([101, 404, 403, 101, 404, 401]);
  });

  it('refuses a browser upgrade from a foreign origin (403) and accepts the app origin', async () => {
    const attempt = (origin: string) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`${app.url.replace(/^http/, 'ws')}/collab/${data.projectId}`, {
          headers: { cookie: cookies.editor!, origin },
        });
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', (e) => {
          if (!/Unexpected server response/.test(e.message)) reject(e);
        });
      });
    expect(await attempt('http://evil.example')).toBe(403);
    expect(await attempt(app.url.replace('127.0.0.1', 'localhost'))).toBe(101);
  });

  it('refuses a document that fails to load (terminal 4422) and never replaces it with an empty one', async () => {
    const { db } = app.services;
    const actor = await loadActor(db, { id: data.users.editor.id, email: data.users.editor.email, name: 'editor' });
    const broken = await createProject(db, actor, { unitId: data.units.dept, name: '损坏的文档', year: 2026 });
    await db.insertInto('doc_update').values({ project_id: broken.id, data: new Uint8Array([0xff, 0xff, 0xff]) }).execute();
    const rowsOf = () =>
      db.selectFrom('doc_update').select(['id', 'data']).where('project_id', '=', broken.id).orderBy('id').execute();
    const snapshotOf = () => db.selectFrom('doc_snapshot').select(['upto', 'data']).where('project_id', '=', broken.id).execute();
    const before = (await rowsOf()).map((r) => [r.id, Buffer.from(r.data).toString('hex')]);
    expect(before.length).toBe(1);
    const snapshotBefore = await snapshotOf();
    expect(snapshotBefore).toHaveLength(1);

    const raw = await openRaw(app, broken.id, cookies.editor!);
    raw.ws.send(syncFrame(SYNC_UPDATE, Y.encodeStateAsUpdate(new TableDoc().doc)));
    expect((await raw.closed).code).toBe(CLOSE.loadFailed.code);
    await sleep(400); // longer than idleUnloadMs: no unload, no compaction of the broken room
    expect(app.collab.roomCount).toBe(0);
    expect((await rowsOf()).map((r) => [r.id, Buffer.from(r.data).toString('hex')])).toEqual(before);
    expect(await snapshotOf()).toEqual(snapshotBefore);
    // other documents are unaffected
    const ok = await client('editor');
    expect(new TableDoc(ok.doc).getHeader('projectName')).toBe('医疗保障服务项目');
  });

  it('a table at rest whose snapshot Yjs cannot read fails its room right after loading (terminal 4422); views read SQL and list what they skipped', async () => {
    const { db } = app.services;
    const actor = await loadActor(db, { id: data.users.editor.id, email: data.users.editor.email, name: 'editor' });
    const broken = await createProject(db, actor, { unitId: data.units.dept, name: '损坏的快照', year: 2026 });
    await db.updateTable('doc_snapshot').set({ data: new Uint8Array([0xff, 0xff, 0xff]) }).where('project_id', '=', broken.id).execute();

    // a newcomer asks for the table: the room is loaded from the snapshot, its doc never built
    const raw = await openRaw(app, broken.id, cookies.editor!);
    raw.ws.send(syncFrame(0, new Uint8Array([0])));
    expect((await raw.closed).code).toBe(CLOSE.loadFailed.code);
    const view = await api(app, `/api/projects/${broken.id}/table`, { cookie: cookies.editor });
    expect(view.status).toBe(200);
    expect((view.body as { problems?: Array<{ path: string }> }).problems?.map((p) => p.path)).toEqual(['updates']);
    // nothing was written over the stored bytes
    const stored = await db.selectFrom('doc_snapshot').select('data').where('project_id', '=', broken.id).executeTakeFirstOrThrow();
    expect([...new Uint8Array(stored.data)]).toEqual([0xff, 0xff, 0xff]);
  });

  it('a read-only user syncs but their updates are neither applied, relayed nor stored', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const editor = await client('editor');
    const reviewer = await client('reviewer');
    const te = new TableDoc(editor.doc);
    const tr = new TableDoc(reviewer.doc);
    const before = await storedTable(app, data.projectId);
    expect(tr.toJSON()).toEqual(before);

    tr.goal.insert(0, '审核人偷偷改的');
    const sneaky = tr.addIndicator({ level1: '产出指标', level2: '质量指标', name: '不该出现' });
    // a read-only client still receives the editors' edits
    const marker = te.addIndicator({ level1: '产出指标', level2: '时效指标', name: '编辑之后' });
    await waitFor(() => tr.row(marker) !== undefined, 'editor edit at reviewer');
    // the stock client reports the server's permission-denied message
    await waitFor(() => warn.mock.calls.some((c) => /read-only/.test(String(c[0]))), 'permission denied at the client');
    warn.mockRestore();
    await sleep(150);
    expect(te.goal.toString()).not.toContain('审核人');
    expect(te.row(sneaky)).toBeUndefined();

    // the same on a raw socket: the server says "permission denied" and drops the update
    const raw = await openRaw(app, data.projectId, cookies.reviewer!);
    const foreign = new Y.Doc();
    new TableDoc(foreign).setHeader('fundOffice', '审核人改的处室');
    raw.ws.send(syncFrame(SYNC_UPDATE, Y.encodeStateAsUpdate(foreign)));
    await waitFor(() => raw.frames.some((f) => f[0] === 2), 'permission-denied message');
    raw.ws.close();

    const fresh = await client('editor2');
    const seen = new TableDoc(fresh.doc);
    expect(seen.goal.toString()).not.toContain('审核人');
    expect(seen.row(sneaky)).toBeUndefined();
    expect(seen.getHeader('fundOffice')).not.toBe('审核人改的处室');
    expect(seen.row(marker)).toBeDefined();

    const after = await storedTable(app, data.projectId);
    expect(after.goal).toBe(before.goal);
    expect(after.indicators.map((r) => r.id)).not.toContain(sneaky);
    destroyClients(...clients);
    clients = [];
    await restart();
    const restarted = await storedTable(app, data.projectId);
    expect(restarted.goal).toBe(before.goal);
    expect(restarted.header.fundOffice).toBe(before.header.fundOffice);
    expect(restarted.indicators.map((r) => r.id).sort()).toEqual([...before.indicators.map((r) => r.id), marker].sort());
  });

  it('closes a socket that sends an oversized message with 1009', async () => {
    const raw = await openRaw(app, data.projectId, cookies.editor!);
    raw.ws.send(new Uint8Array(MAX_MESSAGE + 1));
    expect((await raw.closed).code).toBe(1009);
    const huge = await openRaw(app, data.projectId, cookies.editor!);
    huge.ws.send(new Uint8Array(MAX_MESSAGE * 3));
    expect((await huge.closed).code).toBe(1009);
  });

  it.each([
    ['a malformed frame', () => new Uint8Array([0x80])],
    ['an unknown message type', () => new Uint8Array([7, 1, 2, 3])],
    ['an unknown sync step', () => syncFrame(9, new Uint8Array([0]))],
    ['an invalid Yjs update', () => syncFrame(SYNC_UPDATE, new Uint8Array([1, 250, 250, 250, 250, 0, 7]))],
    ['a text frame', () => 'hello'],
  ])('closes the socket that sends %s; the room keeps working and the stored state is intact', async (_what, frame) => {
    const a = await client('editor');
    const b = await client('editor2');
    const before = await storedTable(app, data.projectId);
    expect(new TableDoc(a.doc).toJSON()).toEqual(before);

    const bad = await openRaw(app, data.projectId, cookies.editor2!);
    bad.ws.send(frame());
    const closed = await bad.closed;
    expect(closed.code).not.toBe(1000);
    expect(closed.code).not.toBe(1006);
    expect(closed.reason.length).toBeGreaterThan(0);

    const ta = new TableDoc(a.doc);
    const tb = new TableDoc(b.doc);
    const id = ta.addIndicator({ level1: '满意度指标', level2: '服务对象满意度指标', name: '满意度' });
    await waitFor(() => tb.row(id) !== undefined, 'edit after the bad frame');
    const after = await storedTable(app, data.projectId);
    expect(after.indicators.length).toBe(before.indicators.length + 1);
    expect(after.goal).toBe(before.goal);
    expect(after.header).toEqual(before.header);
    expect(after).toEqual(ta.toJSON());
  });

  it('closes the y-websocket client for an invalid update with code 4400 and stops it reconnecting', async () => {
    const raw = await openRaw(app, data.projectId, cookies.editor!);
    // structurally a Yjs update but referencing content that cannot exist
    raw.ws.send(syncFrame(SYNC_UPDATE, new Uint8Array([0xff, 0xff, 0xff])));
    const closed = await raw.closed;
    expect(closed.code).toBe(CLOSE.invalidUpdate.code);
  });
  it('reconnects a user whose role changed and applies the new access', async () => {
    const admin: Actor = {
      user: { id: 'admin-of-test', email: 'admin@jixiao.test', name: 'admin' },
      memberships: [{ unitId: data.units.dept, unitName: '测试医保局', unitKind: 'department', role: 'admin' }],
    };
    const grant = (granted: boolean) =>
      setRole(app.services.db, admin, { userId: data.users.reviewer.id, unitId: data.units.dept, role: 'editor', granted });
    const editor = await client('editor');
    const reviewer = await client('reviewer');
    const closes: number[] = [];
    reviewer.provider.on('connection-close', (e: { code: number } | null) => closes.push(e?.code ?? 0));
    const goalOf = (c: Client) => new TableDoc(c.doc).goal.toString();

    // read-only: the reviewer's typing stays local
    new TableDoc(reviewer.doc).goal.insert(0, '甲');
    await sleep(150);
    expect(goalOf(editor)).not.toContain('甲');

    // granted 填报人: the socket is closed (4001), reconnects as an editor, and its edits land
    await grant(true);
    await waitFor(() => closes.includes(CLOSE.accessChanged.code), 'access-changed close');
    await waitFor(() => reviewer.provider.synced && reviewer.provider.wsconnected, 'reconnect');
    new TableDoc(reviewer.doc).goal.insert(0, '乙');
    await waitFor(() => goalOf(editor).includes('乙'), 'the new editor\'s edit at the other client');

    // revoked again: back to read-only after the next reconnect
    closes.length = 0;
    await grant(false);
    await waitFor(() => closes.includes(CLOSE.accessChanged.code), 'second access-changed close');
    await waitFor(() => reviewer.provider.synced && reviewer.provider.wsconnected, 'second reconnect');
    new TableDoc(reviewer.doc).goal.insert(0, '丙');
    await sleep(150);
    expect(goalOf(editor)).not.toContain('丙');
  });
  it('merges edits made offline when the client reconnects', async () => {
    const a = await client('editor');
    const b = await client('editor2');
    const ta = new TableDoc(a.doc);
    const tb = new TableDoc(b.doc);
    a.provider.disconnect();
    const offlineRow = ta.addIndicator({ level1: '产出指标', level2: '时效指标', name: '离线填写', value: '12月底前' });
    ta.goal.insert(0, '【离线】');
    tb.goal.insert(tb.goal.length, '【在线】');
    await waitFor(() => !a.provider.wsconnected, 'a offline');
    await sleep(100);
    expect(tb.row(offlineRow)).toBeUndefined();

    a.provider.connect();
    await waitFor(() => tb.row(offlineRow) !== undefined && ta.goal.toString().includes('【在线】'), 'offline edits merged');
    expect(ta.toJSON()).toEqual(tb.toJSON());
    // both insertions survive (their relative order at the same spot is Yjs's to decide)
    expect(tb.goal.toString()).toContain('【离线】');
    expect(tb.goal.toString()).toContain('【在线】');
  });
});
