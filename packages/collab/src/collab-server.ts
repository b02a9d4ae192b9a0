/**
 * The y-websocket endpoint `/collab/:projectId`: checks the session and access before the
 * upgrade, keeps one Room per loaded document, drops dead sockets, unloads idle rooms and
 * flushes everything on close. The stock `y-websocket` client works unchanged.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError, accessEvents } from '@jixiao/core';
import type { Database, Kysely } from '@jixiao/db';
import { type WebSocket, WebSocketServer } from 'ws';
import { type ResolveUser, authorizeParticipant } from './authorize.ts';
import { CLOSE } from './close-codes.ts';
import { type CollabConfig, DEFAULT_CONFIG } from './config.ts';
import { DocStore } from './doc-store.ts';
import { type Logger, type Participant, Room } from './room.ts';

const PATH = /^\/collab\/([A-Za-z0-9_-]{1,64})\/?$/;

export interface CollabDeps {
  db: Kysely<Database>;
  resolveUser: ResolveUser;
  config?: Partial<CollabConfig>;
  log?: Logger;
}

export class CollabServer {
  readonly config: CollabConfig;
  readonly store: DocStore;
  private readonly deps: CollabDeps;
  private readonly log: Logger;
  private readonly wss: WebSocketServer;
  private readonly rooms = new Map<string, Room>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private readonly pinger: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(deps: CollabDeps) {
    this.deps = deps;
    this.config = { ...DEFAULT_CONFIG, ...deps.config };
    this.log = deps.log ?? console;
    this.store = new DocStore(deps.db, this.config.commitDelayMs);
    // ws enforces a hard cap; the room's own check below gives the readable reason first
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.config.maxMessageBytes * 2 });
    this.pinger = setInterval(() => this.ping(), this.config.pingIntervalMs);
    this.pinger.unref();
    // sockets authorized under the old access reconnect and are checked again
    this.unsubscribe = accessEvents.onChanged(({ userId }) => {
      for (const room of this.rooms.values()) {
        room.closeUser(userId, CLOSE.accessChanged.code, CLOSE.accessChanged.reason);
      }
    });
  }

  /** True when the request is ours (so the HTTP server leaves it alone). */
  matches(req: IncomingMessage): boolean {
    return PATH.test(new URL(req.url ?? '/', 'http://x').pathname);
  }

  /** Handle an HTTP upgrade for /collab/:projectId; answers 401/403/404 before upgrading. */
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', (e) => this.log.warn('[collab] socket error during upgrade', e.message));
    const match = PATH.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (!match) return refuse(socket, 404, 'NOT_FOUND', '未找到');
    if (this.closed) return refuse(socket, 503, 'SHUTTING_DOWN', '服务器正在重启，请稍后重连');
    const origin = req.headers.origin;
    if (origin && !this.config.allowedOrigins.includes(origin)) {
      return refuse(socket, 403, 'ORIGIN_FORBIDDEN', '来源不被允许 (origin not allowed)');
    }
    const projectId = match[1]!;
    let participant: Participant;
    try {
      participant = await authorizeParticipant(this.deps.db, this.deps.resolveUser, req, projectId);
    } catch (e) {
      if (e instanceof AppError) return refuse(socket, e.status, e.code, e.message);
      this.log.error('[collab] authorization failed', e);
      return refuse(socket, 500, 'INTERNAL', '服务器内部错误');
    }
    if (socket.destroyed) return;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      void this.accept(ws, projectId, participant);
    });
  }

  private async accept(ws: WebSocket, projectId: string, participant: Participant): Promise<void> {
    ws.binaryType = 'nodebuffer';
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    ws.on('error', (e) => this.log.warn('[collab] socket error', e.message));
    // listen at once: frames that arrive while the room loads are kept, not dropped
    let room: Room | null = null;
    const early: Uint8Array[] = [];
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary || data.byteLength > this.config.maxMessageBytes) {
        const reason = isBinary ? CLOSE.tooLarge : { code: 1003, reason: '只接受二进制消息 (binary only)' };
        ws.close(reason.code, reason.reason);
        return;
      }
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (room) room.receive(ws, bytes);
      else early.push(bytes);
    });
    ws.on('close', () => {
      if (room && room.leave(ws) === 0) this.scheduleUnload(projectId, room);
    });
    room = await this.room(projectId);
    if (ws.readyState !== ws.OPEN) {
      if (room.conns.size === 0) this.scheduleUnload(projectId, room);
      return;
    }
    room.join(ws, participant);
    for (const bytes of early) room.receive(ws, bytes);
    room.loaded.catch((e) => {
      this.log.error(`[collab] loading ${projectId} failed`, e);
      ws.close(CLOSE.loadFailed.code, CLOSE.loadFailed.reason);
    });
  }

  /** The loaded room of a project; a room that failed to load is dropped, never replaced empty. */
  private async room(projectId: string): Promise<Room> {
    clearTimeout(this.idleTimers.get(projectId));
    this.idleTimers.delete(projectId);
    await this.unloading.get(projectId);
    let room = this.rooms.get(projectId);
    if (!room) {
      room = new Room(projectId, this.store, this.config, this.log);
      this.rooms.set(projectId, room);
      const created = room;
      room.loaded.catch(() => {
        if (this.rooms.get(projectId) === created) this.rooms.delete(projectId);
      });
    }
    return room;
  }

  private scheduleUnload(projectId: string, room: Room): void {
    clearTimeout(this.idleTimers.get(projectId));
    const timer = setTimeout(() => {
      this.idleTimers.delete(projectId);
      if (room.conns.size || this.rooms.get(projectId) !== room) return;
      this.rooms.delete(projectId);
      const done = room.unload().finally(() => this.unloading.delete(projectId));
      this.unloading.set(projectId, done);
    }, this.config.idleUnloadMs);
    timer.unref();
    this.idleTimers.set(projectId, timer);
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

  /** Loaded rooms, for metrics and tests. */
  get roomCount(): number {
    return this.rooms.size;
  }

  /** Flush all rooms (without closing) — e.g. before a backup. */
  async flush(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((r) => r.flushed()));
    await this.store.flush();
  }

  /** Stop accepting, close every socket, flush and compact every room. */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    clearInterval(this.pinger);
    for (const t of this.idleTimers.values()) clearTimeout(t);
    for (const ws of this.wss.clients) ws.close(CLOSE.goingAway.code, CLOSE.goingAway.reason);
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    await Promise.all([...rooms.map((r) => r.unload()), ...this.unloading.values()]);
    await this.store.flush();
    this.wss.close();
  }
}

function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  const statusText =
    { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
