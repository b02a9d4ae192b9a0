import { ACCESS_TOPIC, type EventBus, accessEvents, createEventBus, relayAccessEvents, sessionEvents } from '@jixiao/core';
import { type DbHandle, connect } from '@jixiao/db';
import { migrateWithoutAuth, testDatabases } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessCache } from './access-cache.ts';
import type { SocketSession } from './authorize.ts';

const quiet = { warn: () => {}, error: () => {} };

function session(id: string, expiresInMs = 3_600_000): SocketSession {
  return { user: { id: 'u1', email: 'u1@jixiao.test', name: 'u1' }, session: { id, expiresAt: new Date(Date.now() + expiresInMs) } };
}

/** A look-up that counts its calls and answers, a little later, what `answer` said when called. */
function counted<T>(answer: () => T) {
  const look = async () => {
    look.calls++;
    const value = answer();
    await new Promise((r) => setTimeout(r, 5));
    return value;
  };
  look.calls = 0;
  return look;
}

async function until(cond: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.each(testDatabases())('access cache on $name', (database) => {
  let created: { url: string; drop(): Promise<void> };
  let handle: DbHandle;
  let bus: EventBus;
  let cache: AccessCache;

  beforeAll(async () => {
    created = await database.create();
    handle = connect(created.url);
    await migrateWithoutAuth(handle.db);
    bus = await createEventBus({ dialect: handle.dialect, db: handle.db, databaseUrl: created.url, log: quiet });
    // long enough that only a dropped entry explains a second look-up
    cache = new AccessCache(60_000, bus);
  });

  afterAll(async () => {
    cache?.close();
    await bus?.close();
    await handle?.close();
    await created?.drop();
  });

  it('shares concurrent look-ups and keeps answers that let a socket in, never refusals', async () => {
    const look = counted(() => true);
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.readOnly('u1', 'p-share', look)));
    expect(answers.every((a) => a === true)).toBe(true);
    expect(look.calls).toBe(1);
    await cache.readOnly('u1', 'p-share', look);
    expect(look.calls).toBe(1);

    const refused = counted((): boolean => {
      throw new Error('403');
    });
    await expect(cache.readOnly('u1', 'p-refused', refused)).rejects.toThrow('403');
    await expect(cache.readOnly('u1', 'p-refused', refused)).rejects.toThrow('403');
    expect(refused.calls).toBe(2);

    const none = counted(() => null);
    expect(await cache.session('cookie-none', none)).toBeNull();
    expect(await cache.session('cookie-none', none)).toBeNull();
    expect(none.calls).toBe(2);
    // a session about to expire is kept no longer than it is valid
    const expiring = counted(() => session('s-expiring', 30));
    await cache.session('cookie-expiring', expiring);
    await new Promise((r) => setTimeout(r, 60));
    await cache.session('cookie-expiring', expiring);
    expect(expiring.calls).toBe(2);
  });

  it('drops all access at once on a role, unit, definition or deletion change in this process', async () => {
    for (const change of [
      () => accessEvents.changed({ userId: 'u1' }),
      () => accessEvents.policyChanged(),
      () => accessEvents.projectArchived({ projectId: 'p-local' }),
    ]) {
      let readOnly = false;
      const look = counted(() => readOnly);
      expect(await cache.readOnly('u1', 'p-local', look)).toBe(false);
      const epoch = cache.epoch;
      readOnly = true;
      change();
      expect(cache.epoch).toBeGreaterThan(epoch);
      expect(await cache.readOnly('u1', 'p-local', look)).toBe(true);
      expect(look.calls).toBe(2);
      accessEvents.changed({ userId: 'reset' });
    }
  });

  it('drops access when a table moves in its workflow, before publish() returns', async () => {
    let readOnly = false;
    const look = counted(() => readOnly);
    await cache.readOnly('u1', 'p-wf', look);
    readOnly = true;
    await bus.publish('p-wf', { type: 'workflow', projectId: 'p-wf', action: 'submit', version: 1 });
    expect(await cache.readOnly('u1', 'p-wf', look)).toBe(true);
    expect(look.calls).toBe(2);
  });

  it('forgets a look-up that was under way when access changed', async () => {
    let readOnly = false;
    const look = counted(() => readOnly);
    const before = cache.readOnly('u1', 'p-race', look);
    accessEvents.policyChanged();
    readOnly = true;
    expect(await before).toBe(false);
    expect(await cache.readOnly('u1', 'p-race', look)).toBe(true);
  });

  it('drops sessions when one signs out', async () => {
    const look = counted(() => session('s-out'));
    await cache.session('cookie-out', look);
    await cache.session('cookie-out', look);
    expect(look.calls).toBe(1);
    sessionEvents.ended({ sessionId: 's-out', userId: 'u1' });
    await cache.session('cookie-out', look);
    expect(look.calls).toBe(2);
  });

  it('keeps nothing without a bus that delivers every table’s events', async () => {
    const blind = new AccessCache(60_000, undefined);
    try {
      const look = counted(() => false);
      await blind.readOnly('u1', 'p-blind', look);
      await blind.readOnly('u1', 'p-blind', look);
      expect(blind.live).toBe(false);
      expect(look.calls).toBe(2);
    } finally {
      blind.close();
    }
  });

  // (PostgreSQL only: on SQLite one process owns the database)
  if (database.name === 'postgres') {
    it('drops access when another process changes a role or moves a table, and sessions when one signs out there (the bus)', async () => {
      // a second process: its own bus; its changes reach this one only through PostgreSQL
      const other = await createEventBus({ dialect: handle.dialect, db: handle.db, databaseUrl: created.url, log: quiet });
      try {
        for (const publish of [
          () => other.publish(ACCESS_TOPIC, { type: 'access', projectId: ACCESS_TOPIC }),
          () => other.publish('p-remote', { type: 'workflow', projectId: 'p-remote', action: 'submit', version: 1 }),
        ]) {
          let readOnly = false;
          const look = counted(() => readOnly);
          await cache.readOnly('u1', 'p-remote', look);
          const epoch = cache.epoch;
          readOnly = true;
          await publish();
          await until(() => cache.epoch > epoch, 'the other process’s event');
          expect(await cache.readOnly('u1', 'p-remote', look)).toBe(true);
          accessEvents.changed({ userId: 'reset' });
        }
        // a sign-out there (relayed as an `access` event) drops the sessions kept here
        const look = counted(() => session('s-remote'));
        await cache.session('cookie-remote', look);
        const epoch = cache.epoch;
        await other.publish(ACCESS_TOPIC, { type: 'access', projectId: ACCESS_TOPIC });
        await until(() => cache.epoch > epoch, 'the other process’s sign-out');
        await cache.session('cookie-remote', look);
        expect(look.calls).toBe(2);
      } finally {
        await other.close();
      }
    });
  }

  it('relays access changes and sign-outs of this process to the bus', async () => {
    const seen: string[] = [];
    const off = bus.subscribe(ACCESS_TOPIC, (e) => seen.push(e.type));
    const stop = relayAccessEvents(bus, quiet);
    try {
      accessEvents.changed({ userId: 'u1' });
      await until(() => seen.length === 1, 'the relayed access event');
      sessionEvents.ended({ sessionId: 's-relayed', userId: 'u1' });
      await until(() => seen.length === 2, 'the relayed sign-out');
      expect(seen).toEqual(['access', 'access']);
    } finally {
      stop();
      off();
    }
  });
});
