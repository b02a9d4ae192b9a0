/**
 * What a socket's upgrade looks up — the cookie's session, the user's memberships, the unit tree
 * and the user's access to the table — remembered for a few seconds, so a storm of reconnecting
 * sockets costs one look-up per session, per user, per user and table (concurrent look-ups share
 * one). Only answers that let a socket in are kept, never refusals. Dropped at once, with `epoch`
 * moving on:
 *  - sessions, when one signs out or is revoked (auth's notice in this process, the bus's
 *    `access` event from another);
 *  - all access, when a table moves in its workflow, a role, unit or workflow definition changes,
 *    or a table is deleted — in this process (access events) or another (the bus: `workflow`,
 *    `access` and `resync` events of any project).
 * Should the bus lose a notice, nothing is trusted longer than `ttlMs`.
 * Without a bus that delivers every project's events nothing is kept.
 */
import { type Actor, type EventBus, type UnitGraph, accessEvents, sessionEvents } from '@jixiao/core';
import type { SocketSession } from './authorize.ts';

interface Entry<T> {
  value: Promise<T>;
  /** ms timestamp after which the entry is not used */
  until: number;
}

export class AccessCache {
  /** Moves on whenever anything kept may have become wrong. */
  epoch = 0;
  /** Whether anything is kept (a bus that delivers every project's events, and a TTL). */
  readonly live: boolean;
  private readonly ttlMs: number;
  private readonly sessions = new Map<string, Entry<SocketSession | null>>();
  private readonly access = new Map<string, Entry<boolean>>();
  /** the unit tree (key '') and each user's memberships (key: user id) */
  private readonly actors = new Map<string, Entry<Actor>>();
  private readonly graphs = new Map<string, Entry<UnitGraph>>();
  private readonly off: Array<() => void>;
  private readonly sweeper: NodeJS.Timeout | null;

  constructor(ttlMs: number, bus: Partial<Pick<EventBus, 'subscribeAll'>> | undefined) {
    this.live = ttlMs > 0 && typeof bus?.subscribeAll === 'function';
    this.ttlMs = this.live ? ttlMs : 0;
    this.off = [
      accessEvents.onAny(() => this.dropAccess()),
      sessionEvents.onEnded(() => this.dropSessions()),
    ];
    if (this.live) {
      this.off.push(
        bus!.subscribeAll!((event) => {
          if (event.type === 'workflow') this.dropAccess();
          else if (event.type === 'access' || event.type === 'resync') {
            this.dropAccess();
            this.dropSessions();
          }
        }),
      );
    }
    this.sweeper = this.live ? setInterval(() => this.sweep(), Math.max(1000, this.ttlMs)) : null;
    this.sweeper?.unref();
  }

  /**
   * The session of a cookie. A session is kept no longer than it is valid; a cookie without a
   * session is looked up every time.
   */
  session(cookie: string, look: () => Promise<SocketSession | null>): Promise<SocketSession | null> {
    return this.remember(this.sessions, cookie, look, (s) => (s ? s.session.expiresAt.getTime() : 0));
  }

  /** Whether the user may only read the table (rejects with the look-up's error: refusals are not kept). */
  readOnly(userId: string, projectId: string, look: () => Promise<boolean>): Promise<boolean> {
    return this.remember(this.access, `${userId}\u0000${projectId}`, look, () => Number.POSITIVE_INFINITY);
  }

  actor(userId: string, look: () => Promise<Actor>): Promise<Actor> {
    return this.remember(this.actors, userId, look, () => Number.POSITIVE_INFINITY);
  }

  unitGraph(look: () => Promise<UnitGraph>): Promise<UnitGraph> {
    return this.remember(this.graphs, '', look, () => Number.POSITIVE_INFINITY);
  }

  close(): void {
    for (const off of this.off) off();
    if (this.sweeper) clearInterval(this.sweeper);
    this.sessions.clear();
    this.dropAccess();
  }

  private remember<T>(map: Map<string, Entry<T>>, key: string, look: () => Promise<T>, validUntil: (value: T) => number): Promise<T> {
    if (!this.live) return look();
    const now = Date.now();
    const kept = map.get(key);
    if (kept && kept.until > now) return kept.value;
    const entry: Entry<T> = { value: look(), until: now + this.ttlMs };
    map.set(key, entry);
    // a refusal, or a session no longer valid, is not kept; nor anything dropped meanwhile
    // (the map no longer holds this entry then)
    const forget = () => {
      if (map.get(key) === entry) map.delete(key);
    };
    entry.value.then((value) => {
      const end = validUntil(value);
      if (end <= Date.now()) forget();
      else entry.until = Math.min(entry.until, end);
    }, forget);
    return entry.value;
  }

  private dropAccess(): void {
    this.epoch++;
    this.access.clear();
    this.actors.clear();
    this.graphs.clear();
  }

  /** Sign-outs are rare: all sessions are looked up again (one being looked up may be this one). */
  private dropSessions(): void {
    this.epoch++;
    this.sessions.clear();
  }

  private sweep(): void {
    const now = Date.now();
    for (const map of [this.sessions, this.access, this.actors, this.graphs] as Map<string, Entry<unknown>>[]) {
      for (const [key, entry] of map) if (entry.until <= now) map.delete(key);
    }
  }
}
