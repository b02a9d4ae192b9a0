/**
 * The y-websocket endpoint `/collab/:projectId`: checks the session and access before the
 * upgrade, keeps one Room per loaded document, drops dead sockets and sockets whose session
 * ended, unloads idle rooms and flushes everything on close. The stock `y-websocket` client
 * works unchanged.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError, type EventBus, type EventPublisher, accessEvents, noEvents, sessionEvents } from '@jixiao/core';
import { SAVED_ACK_PARAM, type TableJSON } from '@jixiao/table';
import type { Database, Kysely } from '@jixiao/db';
import { type WebSocket, WebSocketServer } from 'ws';
import { AccessCache } from './access-cache.ts';
import { AccessLookups, type ResolveSession, authorizeParticipant, cookieHeaders } from './authorize.ts';
import { CLOSE, REFUSE } from './close-codes.ts';
import type { CommitStatsSummary } from './commit-stats.ts';
import { type CollabConfig, DEFAULT_CONFIG } from './config.ts';
import { ConnectionLimits } from './connection-limits.ts';
import { sweepLongLogs } from './compaction.ts';
import { DocStore } from './doc-store.ts';
import { type Logger, type Participant, Room } from './room.ts';
import { SessionWatch } from './session-watch.ts';

/** the user and table the warm-up looks up: no generated id looks like this */
const WARM_UP_ID = 'warm-up';
const PATH = /^\/collab\/([A-Za-z0-9_-]{1,64})\/?$/;

export interface CollabDeps {
  db: Kysely<Database>;
  resolveSession: ResolveSession;
  config?: Partial<CollabConfig>;
  log?: Logger;
  /**
   * told after commit which parts of a table changed (`table` events, throttled per table);
   * with `subscribe`, a table's `workflow` events switch its open sockets' access at once;
   * with `subscribeAll`, session and access look-ups are kept briefly (AccessCache)
   */
  events?: EventPublisher & Partial<Pick<EventBus, 'subscribe' | 'subscribeAll'>>;
}

export class CollabServer {
  readonly config: CollabConfig;
  readonly store: DocStore;
  private readonly deps: CollabDeps;
  private readonly log: Logger;
  private readonly wss: WebSocketServer;
  private readonly rooms = new Map<string, Room>();
  private readonly unloading = new Map<string, { room: Room; done: Promise<void> }>();
  /** per loaded room: stop listening to its table's events */
  private readonly roomEvents = new Map<string, () => void>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private readonly limits: ConnectionLimits;
  private readonly sessions: SessionWatch;
  private readonly access: AccessCache;
  /** upgrades' access look-ups, batched, memberships and unit tree from the cache */
  private readonly lookups: AccessLookups;
  /** re-checks after a workflow step: batched, never from the cache */
  private readonly freshLookups: AccessLookups;
  /** one listener for every upgrading socket (it stays on the socket for its life) */
  private readonly onUpgradeError = (e: Error) => this.log.warn('[collab] socket error during upgrade', e.message);
  private readonly timers: NodeJS.Timeout[];
  private readonly unsubscribe: Array<() => void>;
  private closed = false;
  /** the background compaction of long stored logs, while it runs */
  private sweeping: Promise<number> | null = null;
  private closing: Promise<void> | null = null;

  constructor(deps: CollabDeps) {
    this.deps = deps;
    this.config = { ...DEFAULT_CONFIG, ...deps.config };
    this.log = deps.log ?? console;
    this.store = new DocStore(deps.db, this.config.commitDelayMs, this.config.commitGapMs);
    // ws enforces a hard cap; the room's own check below gives the readable reason first
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.config.maxMessageBytes * 2 });
    this.limits = new ConnectionLimits(this.config);
    this.sessions = new SessionWatch(deps.resolveSession, this.log);
    this.access = new AccessCache(this.config.accessCacheMs, deps.events);
    this.lookups = new AccessLookups(deps.db, this.access);
    this.freshLookups = new AccessLookups(deps.db);
    this.timers = [
      setInterval(() => this.ping(), this.config.pingIntervalMs),
      setInterval(
        () => this.sessions.recheck().catch((e) => this.log.error('[collab] session check failed', e)),
        this.config.sessionCheckIntervalMs,
      ),
    ];
    if (this.config.compactSweepDelayMs > 0) {
      this.timers.push(setTimeout(() => void this.sweepLongLogs(), this.config.compactSweepDelayMs));
    }
    for (const t of this.timers) t.unref();
    this.unsubscribe = [
      // sockets authorized under the old access reconnect and are checked again
      accessEvents.onChanged(({ userId }) => {
        for (const room of this.rooms.values()) {
          room.closeUser(userId, CLOSE.accessChanged.code, CLOSE.accessChanged.reason);
        }
      }),
      sessionEvents.onEnded(({ sessionId }) => this.sessions.ended(sessionId)),
      accessEvents.onProjectArchived(({ projectId }) =>
        this.rooms.get(projectId)?.closeAll(CLOSE.projectArchived.code, CLOSE.projectArchived.reason),
      ),
    ];
  }

  /**
   * Runs an upgrade's look-ups once for nobody, before the first user's: a fresh process compiles
   * each function on its first call, and the first socket after a start waited for that (about
   * 30 ms of the session, access and document reads). `cookie`: a signed cookie of no session, so
   * the session look-up goes as far as the database. Reads only, and nothing is remembered: the
   * uncached look-ups run the same code, and a unit tree cached now would hide units made before
   * the first socket. Every outcome is ignored.
   */
  async warmUp(cookie: string): Promise<void> {
    const nobody = { id: WARM_UP_ID, name: '' };
    await Promise.allSettled([this.deps.resolveSession(cookieHeaders(cookie)), this.freshLookups.readOnly(nobody, WARM_UP_ID), this.store.load(WARM_UP_ID)]);
  }

  /**
   * Answer an HTTP upgrade: 401/403/404/429/503 before upgrading, 400 for a request that does
   * not parse. Never rejects: one bad request must not take the process down.
   */
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    try {
      await this.upgrade(req, socket, head);
    } catch (e) {
      this.log.warn('[collab] bad upgrade request', e instanceof Error ? e.message : e);
      refuse(socket, REFUSE.badRequest);
    }
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', this.onUpgradeError);
    // the URL is parsed once: which table, and whether the client wants saved acks
    const url = new URL(req.url ?? '/', 'http://x');
    const projectId = projectIdOf(url);
    if (!projectId) return refuse(socket, REFUSE.notFound);
    if (this.closed) return refuse(socket, REFUSE.shuttingDown);
    const origin = req.headers.origin;
    if (origin && !this.config.allowedOrigins.includes(origin)) return refuse(socket, REFUSE.originForbidden);

    // only the cookie is kept: the request itself is not retained past the upgrade
    const cookie = req.headers.cookie ?? '';
    // a workflow step may land while access is checked: compared again once the socket joins
    const epoch = this.accessEpoch(this.rooms.get(projectId));
    let authorized: Awaited<ReturnType<typeof authorizeParticipant>>;
    try {
      authorized = await authorizeParticipant(this.deps.resolveSession, this.access, this.lookups, cookie, projectId);
    } catch (e) {
      if (e instanceof AppError) return refuse(socket, { status: e.status, code: e.code, message: e.message });
      this.log.error('[collab] authorization failed', e);
      return refuse(socket, REFUSE.internal);
    }
    // the server may have begun closing, or the client gone, while the session was checked
    if (this.closed) return refuse(socket, REFUSE.shuttingDown);
    if (socket.destroyed) return;

    const { session } = authorized;
    const participant = { ...authorized.participant, savedAck: wantsSavedAck(url) };
    const release = this.limits.acquire(participant.userId, projectId);
    if (release === 'user') return refuse(socket, REFUSE.tooManyForUser);
    if (release === 'room') return refuse(socket, REFUSE.tooManyForRoom);
    // the TCP socket closes however the upgrade or the websocket ends
    socket.once('close', release);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sessions.watch(ws, {
        userId: participant.userId,
        sessionId: session.session.id,
        expiresAt: session.session.expiresAt,
        cookie,
      });
      this.accept(ws, projectId, participant, epoch).catch((e) => {
        this.log.error('[collab] accepting a socket failed', e);
        ws.terminate();
      });
    });
  }

  private async accept(ws: WebSocket, projectId: string, participant: Participant, epoch: number | null): Promise<void> {
    ws.binaryType = 'nodebuffer';
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    ws.on('error', (e) => this.log.warn('[collab] socket error', e.message));
    // listen at once: frames that arrive while the room loads are kept (a bounded number)
    let room: Room | null = null;
    const early = new EarlyFrames(this.config);
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary || data.byteLength > this.config.maxMessageBytes) {
        const reason = isBinary ? CLOSE.tooLarge : { code: 1003, reason: '只接受二进制消息 (binary only)' };
        ws.close(reason.code, reason.reason);
        return;
      }
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (room) room.receive(ws, bytes);
      else if (!early.keep(bytes)) ws.close(CLOSE.tooManyEarly.code, CLOSE.tooManyEarly.reason);
    });
    ws.on('close', () => {
      if (room && room.leave(ws) === 0) this.scheduleUnload(projectId, room);
    });

    const loading = await this.room(projectId);
    // frames wait in `early` (bounded) until the document is loaded, or failed to load
    await loading?.loaded.catch(() => {});
    if (!loading || this.closed) {
      ws.close(CLOSE.goingAway.code, CLOSE.goingAway.reason);
      return;
    }
    // authorized before this room listened to the table's workflow, or a step landed since:
    // the access given then may be stale, so it is checked again before the socket joins
    // (frames keep waiting in `early`; no await between the last check and join, so a later
    // step finds the socket in the room)
    for (let checked = epoch; ws.readyState === ws.OPEN && checked !== this.accessEpoch(loading); ) {
      checked = this.accessEpoch(loading);
      const readOnly = await this.readOnlyNow(projectId, participant);
      if (readOnly === null) return ws.close(CLOSE.accessChanged.code, CLOSE.accessChanged.reason);
      participant = { ...participant, readOnly };
    }
    room = loading;
    if (ws.readyState !== ws.OPEN) {
      if (room.conns.size === 0) this.scheduleUnload(projectId, room);
      return;
    }
    room.join(ws, participant);
    for (const bytes of early.take()) room.receive(ws, bytes);
  }

  /**
   * The room of a project (loading or loaded), or null once closing. A room that fails to load
   * closes its own sockets and is dropped here, never replaced by an empty one.
   */
  private async room(projectId: string): Promise<Room | null> {
    clearTimeout(this.idleTimers.get(projectId));
    this.idleTimers.delete(projectId);
    await this.unloading.get(projectId)?.done;
    if (this.closed) return null;
    let room = this.rooms.get(projectId);
    if (!room) {
      room = new Room(projectId, this.store, this.config, this.log, this.deps.events ?? noEvents);
      this.rooms.set(projectId, room);
      this.listen(projectId);
      const created = room;
      room.loaded.catch((e) => {
        this.log.error(`[collab] loading ${projectId} failed`, e);
        if (this.rooms.get(projectId) === created) this.dropRoom(projectId);
      });
    }
    return room;
  }

  private scheduleUnload(projectId: string, room: Room): void {
    clearTimeout(this.idleTimers.get(projectId));
    const timer = setTimeout(() => {
      this.idleTimers.delete(projectId);
      if (room.conns.size || this.rooms.get(projectId) !== room) return;
      // updates not yet committed live only here: keep the room until they are
      if (room.unsaved) return this.scheduleUnload(projectId, room);
      this.dropRoom(projectId);
      const done = room.unload().finally(() => this.unloading.delete(projectId));
      this.unloading.set(projectId, { room, done });
    }, this.config.idleUnloadMs);
    timer.unref();
    this.idleTimers.set(projectId, timer);
  }

  /** The table's workflow moved (in this process or another): its sockets get the new stage's access. */
  private listen(projectId: string): void {
    const off = this.deps.events?.subscribe?.(projectId, (event) => {
      if (event.type === 'workflow' || event.type === 'resync') {
        const room = this.rooms.get(projectId);
        if (room) room.accessEpoch++;
        this.reauthorize(projectId).catch((e) => this.log.warn(`[collab] re-checking access to ${projectId} failed`, e));
      }
    });
    if (off) this.roomEvents.set(projectId, off);
  }

  private dropRoom(projectId: string): void {
    this.rooms.delete(projectId);
    this.roomEvents.get(projectId)?.();
    this.roomEvents.delete(projectId);
  }

  /**
   * Check the access of every user with a socket on the table again and apply it in place:
   * a user who may no longer edit is read-only from the next frame on (and told so); one who
   * may no longer see the table is disconnected.
   */
  async reauthorize(projectId: string): Promise<void> {
    const room = this.rooms.get(projectId);
    if (!room) return;
    for (const user of room.users()) await this.reauthorizeUser(projectId, room, { userId: user.id, name: user.name });
  }

  private async reauthorizeUser(projectId: string, room: Room, user: Pick<Participant, 'userId' | 'name'>): Promise<void> {
    const readOnly = await this.readOnlyNow(projectId, user);
    if (readOnly === null) room.closeUser(user.userId, CLOSE.accessChanged.code, CLOSE.accessChanged.reason);
    else room.setReadOnly(user.userId, readOnly);
  }

  /**
   * What moves on whenever access may have changed while a socket was authorized: with the
   * cache, anything it drops (it hears every table's workflow); else the room's workflow steps
   * (null before the room exists: then always checked again).
   */
  private accessEpoch(room: Room | undefined): number | null {
    return this.access.live ? this.access.epoch : (room?.accessEpoch ?? null);
  }

  /** Whether the user may only read the table now (never from the cache); null when they may no longer see it. */
  private async readOnlyNow(projectId: string, user: Pick<Participant, 'userId' | 'name'>): Promise<boolean | null> {
    try {
      return await this.freshLookups.readOnly({ id: user.userId, name: user.name }, projectId);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return null;
    }
  }

  private ping(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.get(ws)) {
        ws.close(CLOSE.timeout.code, CLOSE.timeout.reason);
        ws.terminate();
        continue;
      }
      this.alive.set(ws, false);
      ws.ping();
    }
  }

  /** Check open sockets' sessions now (normally periodic). */
  recheckSessions(): Promise<void> {
    return this.sessions.recheck();
  }

  /** The live table of a room this process holds (null: none here, or not built yet). */
  liveTable(projectId: string): TableJSON | null {
    return this.rooms.get(projectId)?.liveTable() ?? null;
  }

  /** Rooms in memory (loaded, or unloading and not yet flushed), for metrics and tests. */
  get roomCount(): number {
    return this.rooms.size + this.unloading.size;
  }

  /** Rooms whose document is built (first-sync.ts: a table at rest is served from its snapshot). */
  get builtRoomCount(): number {
    let built = 0;
    for (const room of this.rooms.values()) if (room.built) built++;
    return built;
  }

  /**
   * Receipt → committed latency (ms) of the updates committed since the last call: an update
   * applied to its room until its group commit resolved (retries during an outage included).
   */
  takeCommitStats(): CommitStatsSummary {
    return this.store.commitStats.take();
  }

  /**
   * Compact the stored documents a crash left with long logs (compaction.ts), one at a time,
   * skipping those a room holds; runs once after a start. Resolves with how many were compacted.
   */
  sweepLongLogs(): Promise<number> {
    this.sweeping ??= sweepLongLogs(this.store, {
      minUpdates: this.config.compactSweepMinUpdates,
      busy: (projectId) => this.rooms.has(projectId) || this.unloading.has(projectId),
      stopped: () => this.closed,
      log: this.log,
    })
      .catch((e) => {
        this.log.error('[collab] compacting long logs failed', e);
        return 0;
      })
      .finally(() => {
        this.sweeping = null;
      });
    return this.sweeping;
  }

  /** Flush all rooms (without closing) — e.g. before a backup. */
  async flush(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((r) => r.flushed()));
    await this.store.flush();
  }

  /**
   * Stop accepting, close every socket, flush and compact every room — within closeTimeoutMs:
   * with the database down, updates not committed by then are logged as lost and retries end,
   * so SIGTERM always finishes.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    this.access.close();
    for (const off of [...this.unsubscribe, ...this.roomEvents.values()]) off();
    this.roomEvents.clear();
    for (const t of this.timers) clearInterval(t);
    for (const t of this.idleTimers.values()) clearTimeout(t);
    for (const ws of this.wss.clients) ws.close(CLOSE.goingAway.code, CLOSE.goingAway.reason);
    const rooms = [...this.rooms.values(), ...[...this.unloading.values()].map((u) => u.room)];
    const unloads = [...this.rooms.values()].map((r) => r.unload());
    this.rooms.clear();
    // a sweep stops at its next slice: let it end before the database closes
    const sweep = this.sweeping ?? Promise.resolve();
    const finished = Promise.allSettled([...unloads, ...[...this.unloading.values()].map((u) => u.done), sweep]).then(() =>
      this.store.flush(),
    );
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      finished.then(() => true),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(false), this.config.closeTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!inTime) {
      this.log.error('[collab] 关闭超时：数据库不可用，未提交的更新未能保存 (close timed out; uncommitted updates lost)');
      for (const room of rooms) room.stop();
    }
    this.wss.close();
  }
}

/** Frames received while the room loads, bounded in count and bytes. */
class EarlyFrames {
  private frames: Uint8Array[] = [];
  private bytes = 0;
  private readonly config: Pick<CollabConfig, 'maxEarlyMessages' | 'maxEarlyBytes'>;

  constructor(config: Pick<CollabConfig, 'maxEarlyMessages' | 'maxEarlyBytes'>) {
    this.config = config;
  }

  /** False when keeping the frame would pass a limit (the frame is not kept). */
  keep(frame: Uint8Array): boolean {
    if (this.frames.length >= this.config.maxEarlyMessages) return false;
    if (this.bytes + frame.byteLength > this.config.maxEarlyBytes) return false;
    this.frames.push(frame);
    this.bytes += frame.byteLength;
    return true;
  }

  take(): Uint8Array[] {
    const out = this.frames;
    this.frames = [];
    this.bytes = 0;
    return out;
  }
}

/** The project id of a /collab/:projectId request, null for other paths. */
function projectIdOf(url: URL): string | null {
  const match = PATH.exec(url.pathname);
  return match ? match[1]! : null;
}

/** A client that asked to be told when its updates are saved (jixiao's web app does). */
function wantsSavedAck(url: URL): boolean {
  return url.searchParams.get(SAVED_ACK_PARAM) === '1';
}

function refuse(socket: Duplex, refusal: { status: number; code: string; message: string }): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
  const statusText =
    {
      400: 'Bad Request',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found',
      429: 'Too Many Requests',
      500: 'Internal Server Error',
      503: 'Service Unavailable',
    }[refusal.status] ?? 'Error';
  // destroyed once written: a peer that never closes its side keeps nothing open
  socket.end(
    `HTTP/1.1 ${refusal.status} ${statusText}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
