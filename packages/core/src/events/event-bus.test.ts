/**
 * The event buses: in-process delivery, and PostgreSQL LISTEN/NOTIFY between two buses standing
 * for two processes, with the payload limit and recovery after the listening connection drops.
 */
import { connect, sql } from '@jixiao/db';
import { testDatabases } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEventBus, type ProjectEvent } from './event-bus.ts';
import { PgEventBus } from './pg-event-bus.ts';

const quiet = { warn: () => {}, error: () => {} };
const until = async (cond: () => boolean, what: string, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
const event = (projectId: string, n: number): ProjectEvent => ({ type: 'comment', projectId, threadId: `t${n}`, commentId: `c${n}`, action: 'created' });

describe('LocalEventBus', () => {
  it('delivers per project, after the publisher returns; a failing listener hurts nobody', async () => {
    const bus = new LocalEventBus(quiet);
    const got: ProjectEvent[] = [];
    const other: ProjectEvent[] = [];
    bus.subscribe('p1', () => {
      throw new Error('boom');
    });
    const off = bus.subscribe('p1', (e) => got.push(e));
    bus.subscribe('p2', (e) => other.push(e));
    await bus.publish('p1', event('p1', 1));
    expect(got).toEqual([]); // not inside the publisher's stack
    await until(() => got.length === 1, 'delivery');
    expect(other).toEqual([]);
    expect(bus.subscribers('p1')).toBe(2);
    off();
    expect(bus.subscribers('p1')).toBe(1);
    await bus.publish('p1', event('p1', 2));
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toHaveLength(1);
    await bus.close();
    expect(bus.subscribers('p2')).toBe(0);
  });
});

const pgDatabase = testDatabases().find((d) => d.name === 'postgres');

describe.skipIf(!pgDatabase)('PgEventBus', () => {
  let url: string;
  let drop: () => Promise<void>;
  let handle: ReturnType<typeof connect>;

  beforeAll(async () => {
    ({ url, drop } = await pgDatabase!.create());
    handle = connect(url);
  });
  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  const listening = sql`pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`;
  const listeners = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${listening}`.execute(handle.db)).rows[0]!.n;

  it('carries events between two processes, per project; refuses payloads PostgreSQL would', async () => {
    const a = new PgEventBus({ connectionString: url, db: handle.db, log: quiet });
    const b = new PgEventBus({ connectionString: url, db: handle.db, log: quiet });
    await a.start();
    await b.start();
    try {
      expect(a.listening && b.listening).toBe(true);
      const atB: ProjectEvent[] = [];
      const atA: ProjectEvent[] = [];
      const otherAtB: ProjectEvent[] = [];
      b.subscribe('p1', (e) => atB.push(e));
      b.subscribe('p2', (e) => otherAtB.push(e));
      a.subscribe('p1', (e) => atA.push(e));
      await a.publish('p1', event('p1', 1));
      await until(() => atB.length === 1 && atA.length === 1, 'both processes to hear it');
      expect(atB[0]).toEqual(event('p1', 1));
      expect(otherAtB).toEqual([]);
      const huge = { type: 'resync', projectId: 'p1', padding: 'x'.repeat(8000) } as unknown as ProjectEvent;
      await expect(a.publish('p1', huge)).rejects.toThrow(/too large/);
    } finally {
      await a.close();
      await b.close();
    }
    expect(a.listening).toBe(false);
  });

  it('reconnects with backoff when the listening connection drops, and asks its subscribers to resync', async () => {
    const a = new PgEventBus({ connectionString: url, db: handle.db, log: quiet, minDelay: 20, maxDelay: 200 });
    await a.start();
    try {
      const got: ProjectEvent[] = [];
      a.subscribe('p1', (e) => got.push(e));
      expect(await listeners()).toBe(1);
      // an administrator (or a failover) kills the connection
      await sql`SELECT pg_terminate_backend(pid) FROM ${listening}`.execute(handle.db);
      await until(() => got.some((e) => e.type === 'resync'), 'the resync after reconnecting');
      expect(got).toEqual([{ type: 'resync', projectId: 'p1' }]);
      expect(a.listening).toBe(true);
      await a.publish('p1', event('p1', 2));
      await until(() => got.length === 2, 'an event after the reconnect');
      expect(got[1]).toEqual(event('p1', 2));
    } finally {
      await a.close();
    }
    await until(() => a.listening === false, 'closed');
  });
});
