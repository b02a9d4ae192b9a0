/**
 * The saved acknowledgement (MESSAGE_SAVED) behind the editor's 已保存 / 保存中: sent only to
 * clients that ask for it, only once the update is committed, and enough for a client to know
 * all of its edits are saved. The stock client gets none of it.
 */
import { loadDocUpdates } from '@jixiao/core';
import { testDatabases } from '@jixiao/db/testing';
import { MESSAGE_SAVED, SAVED_ACK_PARAM, TableDoc, ownClock, savedClock } from '@jixiao/table';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { RunningApp } from '../src/app.ts';
import { type SeededApp, cookieWebSocket, openRaw, openSeededApp, sleep, varUint, waitFor, wsBase } from './helpers.ts';

describe.each(testDatabases())('saved acknowledgements on $name', (database) => {
  let env: SeededApp;
  let app: RunningApp;
  let providers: WebsocketProvider[] = [];

  beforeAll(async () => {
    env = await openSeededApp(database);
    app = env.app;
  });
  afterEach(() => {
    for (const p of providers) p.destroy();
    providers = [];
  });
  afterAll(() => env?.close());

  /** The stored document's clock of a client, read straight from the database. */
  const storedClock = async (clientId: number) => {
    const doc = new Y.Doc();
    for (const u of (await loadDocUpdates(app.services.db, env.data.projectId)).updates) Y.applyUpdate(doc, u);
    return Y.getState(doc.store, clientId);
  };

  it('acknowledges each committed edit; an acknowledged clock is always in the database', async () => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(wsBase(app), env.data.projectId, doc, {
      disableBc: true,
      params: { [SAVED_ACK_PARAM]: '1' },
      WebSocketPolyfill: cookieWebSocket(env.cookies.editor!),
    });
    providers.push(provider);
    const acks: number[] = [];
    const checks: Array<Promise<void>> = [];
    provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      const clock = savedClock(decoder, doc.clientID);
      acks.push(clock);
      // checked at once: an acknowledgement must never run ahead of the commit
      checks.push(storedClock(doc.clientID).then((stored) => expect(stored).toBeGreaterThanOrEqual(clock)));
    };
    await waitFor(() => provider.synced, 'synced');
    const table = new TableDoc(doc);
    for (let i = 0; i < 20; i++) {
      table.goal.insert(0, `第${i}次`);
      if (i % 5 === 0) await sleep(5);
    }
    await waitFor(() => acks.length > 0 && Math.max(...acks) >= ownClock(doc), 'every edit acknowledged');
    await Promise.all(checks);
    expect(acks.filter((a) => a > 0).length).toBeGreaterThan(1);
  });

  it('tells a reconnecting client what the server already holds', async () => {
    const doc = new Y.Doc();
    const options = { disableBc: true, params: { [SAVED_ACK_PARAM]: '1' }, WebSocketPolyfill: cookieWebSocket(env.cookies.editor2!) };
    const first = new WebsocketProvider(wsBase(app), env.data.projectId, doc, options);
    providers.push(first);
    await waitFor(() => first.synced, 'synced');
    new TableDoc(doc).goal.insert(0, '重连前');
    await sleep(200);
    first.destroy();
    // a new provider on the same document: its first acknowledgement covers the earlier edit
    const again = new WebsocketProvider(wsBase(app), env.data.projectId, doc, options);
    providers.push(again);
    let clock = -1;
    again.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      clock = Math.max(clock, savedClock(decoder, doc.clientID));
    };
    await waitFor(() => clock >= ownClock(doc), 'acknowledged on reconnect');
    expect(ownClock(doc)).toBeGreaterThan(0);
  });

  it('sends nothing new to the stock client', async () => {
    const raw = await openRaw(app, env.data.projectId, env.cookies.editor!);
    const doc = new Y.Doc();
    new TableDoc(doc).goal.insert(0, 'x');
    // a y-websocket update frame: [sync=0, update=2, payload]
    const update = Y.encodeStateAsUpdate(doc);
    const frame = new Uint8Array([0, 2, ...varUint(update.length), ...update]);
    raw.ws.send(frame);
    await sleep(300);
    expect(raw.frames.length).toBeGreaterThan(0);
    expect(raw.frames.filter((f) => f[0] === MESSAGE_SAVED)).toEqual([]);
    raw.ws.close();
  });
});
