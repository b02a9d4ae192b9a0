/** Bounded memory per socket and presence the server vouches for. */
import { createProject, loadActor } from '@jixiao/core';
import { testDatabases } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { type Client, type SeededApp, connectClient, destroyClients, openRaw, openSeededApp, sleep, waitFor } from './helpers.ts';

const MAX_BUFFERED = 256 * 1024;
const CLIENTS_PER_SOCKET = 4;

function varUint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push(0x80 | (n & 0x7f));
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function bytesOf(...parts: Array<number[] | Uint8Array>): Uint8Array {
  return new Uint8Array(parts.flatMap((p) => [...p]));
}

/** sync-step1 with an empty state vector: "send me the whole document". */
const WHOLE_DOCUMENT_PLEASE = bytesOf([0, 0], varUint(1), [0]);

/** One awareness message (type 1) with the given entries. */
function awarenessFrame(entries: Array<{ clientId: number; state: unknown }>, clock = 1): Uint8Array {
  const body = bytesOf(
    varUint(entries.length),
    ...entries.flatMap((e) => {
      const json = new TextEncoder().encode(JSON.stringify(e.state));
      return [varUint(e.clientId), varUint(clock), varUint(json.length), json];
    }),
  );
  return bytesOf([1], varUint(body.length), body);
}

/** What a room's Awareness (y-protocols) holds: its clients' states and the clock of every client it remembers. */
interface Presence {
  clientID: number;
  meta: Map<number, unknown>;
  getStates(): Map<number, unknown>;
}

function closedWithin(raw: { closed: Promise<{ code: number; reason: string }> }, ms: number) {
  return Promise.race([raw.closed, sleep(ms).then(() => ({ code: -1, reason: 'still open' }))]);
}

describe.each(testDatabases())('collab limits on $name', (database) => {
  let s: SeededApp;
  let clients: Client[] = [];
  const client = async (who: string, projectId = s.data.projectId) => {
    const c = await connectClient(s.app, projectId, s.cookies[who]!);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    s = await openSeededApp(database, {
      collabConfig: {
        maxBufferedBytes: MAX_BUFFERED,
        maxEarlyMessages: 5,
        maxAwarenessClientsPerSocket: CLIENTS_PER_SOCKET,
        maxAwarenessStateBytes: 2048,
      },
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    destroyClients(...clients);
    clients = [];
  });
  afterAll(() => s?.close());

  it('closes a socket that asks for the document again and again but never reads (4513)', async () => {
    const editor = await client('editor');
    new TableDoc(editor.doc).goal.insert(0, '绩效目标'.repeat(50_000)); // ≈ 600 KB in the document
    const reviewer = await client('reviewer');
    await waitFor(() => new TableDoc(reviewer.doc).goal.length >= 200_000, 'large goal at the reviewer');
    const docBytes = Y.encodeStateAsUpdate(editor.doc).byteLength;

    const raw = await openRaw(s.app, s.data.projectId, s.cookies.reviewer!);
    const tcp = (raw.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    tcp.pause();
    for (let i = 0; i < 100; i++) raw.ws.send(WHOLE_DOCUMENT_PLEASE);
    await sleep(1500);
    tcp.resume();
    const closed = await closedWithin(raw, 5000);
    expect(closed.code).toBe(4513);
    expect(closed.reason).toMatch(/发送缓冲已满/);
    // far less than the 100 copies asked for reached (or waited for) this socket
    const received = raw.frames.reduce((n, f) => n + f.byteLength, 0);
    expect(received).toBeLessThan(30 * docBytes);
    // the others go on working
    const id = new TableDoc(editor.doc).addIndicator({ level1: '产出指标', level2: '数量指标', name: '之后' });
    await waitFor(() => new TableDoc(reviewer.doc).row(id) !== undefined, 'edit after the slow reader');
  });

  it('bounds the frames kept while a document loads (4429)', async () => {
    const { db } = s.app.services;
    const actor = await loadActor(db, { id: s.data.users.editor.id, email: s.data.users.editor.email, name: 'editor' });
    const slow = await createProject(db, actor, { unitId: s.data.units.dept, name: '加载很慢的文档', year: 2026 });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const load = s.app.collab.store.load.bind(s.app.collab.store);
    vi.spyOn(s.app.collab.store, 'load').mockImplementation(async (id) => {
      await gate;
      return load(id);
    });
    const raw = await openRaw(s.app, slow.id, s.cookies.editor!);
    for (let i = 0; i < 20; i++) raw.ws.send(WHOLE_DOCUMENT_PLEASE);
    const closed = await closedWithin(raw, 3000);
    release();
    expect(closed.code).toBe(4429);
    // within the bound, a socket is served normally once the document is there
    const ok = await client('editor', slow.id);
    expect(new TableDoc(ok.doc).getHeader('projectName')).toBe('加载很慢的文档');
  });

  it('bounds the frames waiting behind a sync reply that waits for commits (4429)', async () => {
    const editor = await client('editor');
    const writer = new Y.Doc();
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(editor.doc));
    const updates: Uint8Array[] = [];
    writer.on('update', (u: Uint8Array) => updates.push(u));
    const goal = new TableDoc(writer).goal;
    for (let i = 0; i < 2000; i++) goal.insert(goal.length, '字');
    const raw = await openRaw(s.app, s.data.projectId, s.cookies.editor!);
    // each request waits for the commit of the edit before it, and everything after waits too
    for (const u of updates) {
      raw.ws.send(bytesOf([0, 2], varUint(u.byteLength), u));
      raw.ws.send(WHOLE_DOCUMENT_PLEASE);
    }
    const closed = await closedWithin(raw, 3000);
    expect(closed.code).toBe(4429);
    expect(closed.reason).toMatch(/消息过多/);
    const id = new TableDoc(editor.doc).addIndicator({ level1: '产出指标', level2: '数量指标', name: '之后' });
    const reviewer = await client('reviewer');
    await waitFor(() => new TableDoc(reviewer.doc).row(id) !== undefined, 'edit after the flood');
  });

  it('shows presence under the session user, whatever name or id the client claims', async () => {
    const editor = await client('editor');
    const raw = await openRaw(s.app, s.data.projectId, s.cookies.reviewer!);
    raw.ws.send(awarenessFrame([{ clientId: 424242, state: { user: { id: s.data.users.editor.id, name: '管理员' } } }]));
    await waitFor(() => editor.provider.awareness.getStates().has(424242), 'the reviewer’s presence');
    expect(editor.provider.awareness.getStates().get(424242)).toEqual({
      user: { id: s.data.users.reviewer.id, name: 'reviewer' },
    });
    raw.ws.close();
  });

  it('keeps at most a few presences per socket and drops oversized states', async () => {
    const editor = await client('editor');
    const before = new Set(editor.provider.awareness.getStates().keys());
    const raw = await openRaw(s.app, s.data.projectId, s.cookies.reviewer!);
    const flood = Array.from({ length: 6000 }, (_, i) => ({ clientId: 1_000_000 + i, state: { user: { name: `假${i}` } } }));
    raw.ws.send(awarenessFrame([{ clientId: 999_999, state: { blob: 'x'.repeat(5000) } }, ...flood]));
    await waitFor(() => editor.provider.awareness.getStates().size > before.size, 'some presence');
    await sleep(300);
    const fresh = [...editor.provider.awareness.getStates().keys()].filter((id) => !before.has(id));
    expect(fresh.length).toBe(CLIENTS_PER_SOCKET);
    expect(fresh).not.toContain(999_999);
    // the socket's own clients can still be updated; new ones beyond the cap cannot be added
    raw.ws.send(awarenessFrame([{ clientId: 1_000_000, state: { focus: 'x' } }, { clientId: 5, state: {} }], 2));
    await waitFor(() => editor.provider.awareness.getStates().get(1_000_000)?.focus === 'x', 'update of an own client');
    expect(editor.provider.awareness.getStates().has(5)).toBe(false);
    raw.ws.close();
    await waitFor(() => !editor.provider.awareness.getStates().has(1_000_000), 'presence removed on leave');
  });

  it('closes a socket whose updates pile up waiting for content the server never got (4400)', async () => {
    const editor = await client('editor');
    const room = (s.app.collab as unknown as { rooms: Map<string, { doc: Y.Doc }> }).rooms.get(s.data.projectId)!;
    // a client whose first edit never reaches the server: Yjs keeps each later one pending
    const ghost = new Y.Doc();
    ghost.clientID = 7_777_777;
    Y.applyUpdate(ghost, Y.encodeStateAsUpdate(editor.doc));
    const updates: Uint8Array[] = [];
    ghost.on('update', (u: Uint8Array) => updates.push(u));
    const goal = new TableDoc(ghost).goal;
    goal.insert(goal.length, '丢失');
    for (let i = 0; i < 24; i++) goal.insert(goal.length, `${i}`.padEnd(100_000, '字'));
    const raw = await openRaw(s.app, s.data.projectId, s.cookies.editor!);
    for (const u of updates.slice(1)) raw.ws.send(bytesOf([0, 2], varUint(u.byteLength), u));
    const closed = await closedWithin(raw, 5000);
    expect(closed.code).toBe(4400);
    expect(closed.reason).toMatch(/更新缺少前序内容/);
    // what waited is dropped (it was never applied, stored or acknowledged), and the room goes on
    expect(room.doc.store.pendingStructs?.update.byteLength ?? 0).toBeLessThan(256 * 1024);
    const id = new TableDoc(editor.doc).addIndicator({ level1: '产出指标', level2: '数量指标', name: '之后' });
    const reviewer = await client('reviewer');
    await waitFor(() => new TableDoc(reviewer.doc).row(id) !== undefined, 'edit after the pending flood');
  });

  it('remembers nothing of presences a socket removed, or of removals for clients it never had', async () => {
    const editor = await client('editor');
    const room = (s.app.collab as unknown as { rooms: Map<string, { awareness: Presence }> }).rooms.get(
      s.data.projectId,
    )!;
    const raw = await openRaw(s.app, s.data.projectId, s.cookies.reviewer!);
    const ids = (round: number) => Array.from({ length: CLIENTS_PER_SOCKET }, (_, i) => 2_000_000 + round * CLIENTS_PER_SOCKET + i);
    for (let round = 0; round < 300; round++) {
      // removals of clients nobody set, then presences set and removed again
      raw.ws.send(awarenessFrame(ids(round).map((clientId) => ({ clientId, state: null }))));
      raw.ws.send(awarenessFrame(ids(1000 + round).map((clientId) => ({ clientId, state: { user: {} } }))));
      raw.ws.send(awarenessFrame(ids(1000 + round).map((clientId) => ({ clientId, state: null })), 2));
    }
    const last = ids(1299)[0]!;
    raw.ws.send(awarenessFrame([{ clientId: last, state: { user: {} } }], 3));
    await waitFor(() => editor.provider.awareness.getStates().has(last), 'the last presence');
    // the clients present (and the server's own), nothing of the 2,400 the socket removed or never had
    const remembered = () => [...room.awareness.meta.keys()].filter((id) => id !== room.awareness.clientID);
    expect(remembered().sort()).toEqual([...room.awareness.getStates().keys()].sort());
    expect(remembered()).toContain(last);
    raw.ws.close();
    await waitFor(() => !editor.provider.awareness.getStates().has(last), 'presence removed on leave');
    expect(remembered()).not.toContain(last);
  });
});
