/** Durability races: failed loads, the sync-step1 reply, a database outage, a bounded SIGTERM. */
import { CLOSE } from '@jixiao/collab';
import { createProject, loadActor } from '@jixiao/core';
import { testDatabases } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  type SeededApp,
  connectClient,
  cookieWebSocket,
  destroyClients,
  openRaw,
  openSeededApp,
  sleep,
  upgradeStatus,
  waitFor,
  wsBase,
} from './helpers.ts';

const OPTIONS = { collabConfig: { idleUnloadMs: 200, unsavedNoticeMs: 300, closeTimeoutMs: 500 } };

/** sync-step1 with an empty state vector: "send me the whole document". */
const WHOLE_DOCUMENT_PLEASE = new Uint8Array([0, 0, 1, 0]);

function readVarUint(bytes: Uint8Array, at: { pos: number }): number {
  let n = 0;
  let mult = 1;
  for (;;) {
    const b = bytes[at.pos++]!;
    n += (b & 0x7f) * mult;
    if (b < 0x80) return n;
    mult *= 128;
  }
}

/** The update inside a sync-step2 frame (type 0, step 1), or null for other frames. */
function step2Update(frame: Uint8Array): Uint8Array | null {
  const at = { pos: 0 };
  if (readVarUint(frame, at) !== 0 || readVarUint(frame, at) !== 1) return null;
  const length = readVarUint(frame, at);
  return frame.slice(at.pos, at.pos + length);
}

/** A gate a mocked store call waits on. */
function gate() {
  let open!: () => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  promise.catch(() => {});
  return { promise, open, fail };
}

describe.each(testDatabases())('collab durability on $name', (database) => {
  let s: SeededApp | null = null;
  afterEach(async () => {
    vi.restoreAllMocks();
    await s?.close();
    s = null;
  });

  const open = async () => {
    s = await openSeededApp(database, OPTIONS);
    return s;
  };

  /** A new project (its document stored) and a way to read its stored rows. */
  const storedProject = async (app: SeededApp) => {
    const { db } = app.app.services;
    const actor = await loadActor(db, { id: app.data.users.editor.id, email: app.data.users.editor.email, name: 'editor' });
    const project = await createProject(db, actor, { unitId: app.data.units.dept, name: `文档${Math.random()}`, year: 2026 });
    const rows = async () => ({
      log: (await db.selectFrom('doc_update').select(['id', 'data']).where('project_id', '=', project.id).orderBy('id').execute()).map(
        (r) => [r.id, Buffer.from(r.data).toString('hex')],
      ),
      snapshot: await db.selectFrom('doc_snapshot').select(['upto', 'data']).where('project_id', '=', project.id).execute(),
    });
    return { id: project.id, rows };
  };

  /** store.load of `projectId` waits for the returned gate (other projects load normally). */
  const holdLoad = (app: SeededApp, projectId: string) => {
    const g = gate();
    const load = app.app.collab.store.load.bind(app.app.collab.store);
    vi.spyOn(app.app.collab.store, 'load').mockImplementation(async (id) => {
      if (id === projectId) await g.promise;
      return load(id);
    });
    return g;
  };

  it('a load that fails after SIGTERM began never replaces the stored document', async () => {
    const app = await open();
    const p = await storedProject(app);
    const before = await p.rows();
    expect(before.log.length + before.snapshot.length).toBeGreaterThan(0);
    const held = holdLoad(app, p.id);
    const raw = await openRaw(app.app, p.id, app.cookies.editor!);
    const closing = app.app.collab.close();
    held.fail(new Error('数据库读取失败 (simulated)'));
    await closing;
    await raw.closed;
    expect(await p.rows()).toEqual(before);
  });

  it('a load that fails after the idle unload began never replaces the stored document', async () => {
    const app = await open();
    const p = await storedProject(app);
    const before = await p.rows();
    const held = holdLoad(app, p.id);
    const raw = await openRaw(app.app, p.id, app.cookies.editor!);
    raw.ws.close();
    await raw.closed;
    await sleep(400); // past idleUnloadMs while the load is still pending
    held.fail(new Error('数据库读取失败 (simulated)'));
    await waitFor(() => app.app.collab.roomCount === 0, 'room dropped');
    await sleep(100);
    expect(await p.rows()).toEqual(before);
  });

  it('tells the stock client a load failure is terminal: no reconnect loop', async () => {
    const app = await open();
    const p = await storedProject(app);
    const held = holdLoad(app, p.id);
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(wsBase(app.app), p.id, doc, {
      disableBc: true,
      WebSocketPolyfill: cookieWebSocket(app.cookies.editor!),
    });
    const closes: number[] = [];
    provider.on('connection-close', (e: { code: number } | null) => closes.push(e?.code ?? 0));
    let stopped: { code: number; reason: string } | null = null;
    provider.on('closed', (e: { code: number; reason: string }) => {
      stopped = e;
    });
    await waitFor(() => provider.wsconnected, 'connected');
    held.fail(new Error('数据库读取失败 (simulated)'));
    await waitFor(() => stopped !== null, 'terminal close at the client', 5000);
    expect(stopped!.code).toBe(CLOSE.loadFailed.code);
    await sleep(1500);
    expect(closes).toEqual([CLOSE.loadFailed.code]); // it did not come back
    provider.destroy();
    doc.destroy();
  });

  it('answers sync-step1 only with committed updates', async () => {
    const app = await open();
    const a = await connectClient(app.app, app.data.projectId, app.cookies.editor!);
    const raw = await openRaw(app.app, app.data.projectId, app.cookies.editor2!);
    // its own first sync (a table at rest asks nothing of a client that holds nothing)
    raw.ws.send(WHOLE_DOCUMENT_PLEASE);
    await waitFor(() => raw.frames.some((f) => step2Update(f) !== null), 'the first sync');
    await sleep(100);

    const gates = [gate(), gate()];
    const append = app.app.collab.store.append.bind(app.app.collab.store);
    let calls = 0;
    vi.spyOn(app.app.collab.store, 'append').mockImplementation(async (id, update) => {
      await gates[calls++]!.promise;
      return append(id, update);
    });
    const ta = new TableDoc(a.doc);
    ta.goal.insert(0, '第一');
    await waitFor(() => calls === 1, 'first commit pending');
    raw.frames.length = 0;
    raw.ws.send(WHOLE_DOCUMENT_PLEASE);
    await sleep(100); // the server holds the reply until the first commit
    ta.goal.insert(0, '第二');
    await waitFor(() => calls === 2, 'second commit pending');
    gates[0]!.open();

    await waitFor(() => raw.frames.some((f) => step2Update(f) !== null), 'the reply');
    const reply = new Y.Doc();
    Y.applyUpdate(reply, step2Update(raw.frames.find((f) => step2Update(f) !== null)!)!);
    const goal = new TableDoc(reply).goal.toString();
    expect(goal).toContain('第一');
    expect(goal).not.toContain('第二'); // not committed yet when the reply went out
    gates[1]!.open();
    raw.ws.close();
    destroyClients(a);
  });

  it('closes sockets with 未保存 while the database is down, and saves once it is back', async () => {
    const app = await open();
    const a = await connectClient(app.app, app.data.projectId, app.cookies.editor!);
    const closes: Array<{ code: number; reason: string }> = [];
    a.provider.on('connection-close', (e: { code: number; reason: string } | null) => {
      if (e) closes.push({ code: e.code, reason: e.reason });
    });
    const append = vi.spyOn(app.app.collab.store, 'append').mockRejectedValue(new Error('数据库不可用 (simulated)'));
    new TableDoc(a.doc).goal.insert(0, '断库期间');
    await waitFor(() => closes.some((c) => c.code === CLOSE.unsaved.code), 'unsaved notice', 3000);
    expect(closes[0]!.reason).toMatch(/未保存/);
    await sleep(600);
    expect(a.provider.synced && a.provider.wsconnected).toBe(false); // refused again while still down

    append.mockRestore();
    await waitFor(() => a.provider.synced && a.provider.wsconnected, 'reconnected after recovery', 15_000);
    await app.app.collab.flush();
    const b = await connectClient(app.app, app.data.projectId, app.cookies.editor2!);
    expect(new TableDoc(b.doc).goal.toString()).toContain('断库期间');
    destroyClients(a, b);
  });

  it('refuses (503) an upgrade whose session check ends after SIGTERM began', async () => {
    const app = await open();
    // a commit in progress keeps close() busy (the websocket server still running)
    const a = await connectClient(app.app, app.data.projectId, app.cookies.editor!);
    const commit = gate();
    const append = app.app.collab.store.append.bind(app.app.collab.store);
    vi.spyOn(app.app.collab.store, 'append').mockImplementation(async (id, update) => {
      await commit.promise;
      return append(id, update);
    });
    new TableDoc(a.doc).goal.insert(0, '关闭中');
    await sleep(50);

    const deps = (app.app.collab as unknown as { deps: { resolveSession: (h: Headers) => Promise<unknown> } }).deps;
    const resolve = deps.resolveSession;
    const session = gate();
    deps.resolveSession = async (headers) => {
      await session.promise;
      return resolve(headers);
    };
    const attempt = upgradeStatus(app.app, app.data.projectId, app.cookies.editor2);
    await sleep(100);
    const closing = app.app.collab.close();
    session.open();
    expect((await attempt).status).toBe(503);
    commit.open();
    await closing;
    expect(app.app.collab.roomCount).toBe(0);
    destroyClients(a);
  });

  it('finishes SIGTERM within the bound while the database is down', async () => {
    const app = await open();
    const a = await connectClient(app.app, app.data.projectId, app.cookies.editor!);
    vi.spyOn(app.app.collab.store, 'append').mockRejectedValue(new Error('数据库不可用 (simulated)'));
    new TableDoc(a.doc).goal.insert(0, '关机前');
    await sleep(50);
    const started = Date.now();
    await app.app.collab.close();
    expect(Date.now() - started).toBeLessThan(2000);
    destroyClients(a);
  });
});
