/**
 * One loaded document and the sockets editing it. Order of an edit: validate → apply to the
 * in-memory doc → group-commit to SQL → relay to the other sockets. Read-only sockets may sync
 * and share presence, but their document updates are discarded and they are told so.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import { filterAwarenessUpdate } from './awareness-filter.ts';
import { CLOSE } from './close-codes.ts';
import type { CollabConfig } from './config.ts';
import type { DocStore } from './doc-store.ts';
import {
  ProtocolError,
  decodeClientMessage,
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from './protocol.ts';

/** Origin tag of stored updates replayed at load: the persistence listener skips them. */
const LOADED = Symbol('loaded');

export interface Participant {
  userId: string;
  name: string;
  readOnly: boolean;
}

interface Conn {
  participant: Participant;
  /** awareness client ids this socket set, removed when it leaves */
  clientIds: Set<number>;
  /** messages are handled one after the other, after the room has loaded */
  chain: Promise<void>;
  toldReadOnly: boolean;
}

export type Logger = Pick<Console, 'warn' | 'error'>;

export class Room {
  readonly projectId: string;
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly conns = new Map<WebSocket, Conn>();
  readonly loaded: Promise<void>;
  private readonly store: DocStore;
  private readonly config: CollabConfig;
  private readonly log: Logger;
  /** settles when every update applied so far is committed */
  private committed: Promise<void> = Promise.resolve();
  private logLength = 0;
  private compacting: Promise<void> | null = null;
  private loadFailed = false;

  constructor(projectId: string, store: DocStore, config: CollabConfig, log: Logger) {
    this.projectId = projectId;
    this.store = store;
    this.config = config;
    this.log = log;
    this.awareness.setLocalState(null);
    // Registered before the stored state is awaited, so nothing applied meanwhile goes unsaved.
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== LOADED) this.persistThenRelay(update, origin);
    });
    this.awareness.on('update', this.onAwareness);
    this.loaded = this.load();
    this.loaded.catch(() => {
      this.loadFailed = true;
    });
  }

  private async load(): Promise<void> {
    const { updates, logLength } = await this.store.load(this.projectId);
    Y.transact(this.doc, () => {
      for (const u of updates) Y.applyUpdate(this.doc, u, LOADED);
    }, LOADED);
    this.logLength = logLength;
  }

  private persistThenRelay(update: Uint8Array, origin: unknown): void {
    const stored = this.appendWithRetry(update);
    this.committed = this.committed.then(() => stored);
    stored.then(() => {
      const message = encodeUpdate(update);
      for (const ws of this.conns.keys()) if (ws !== origin) send(ws, message);
      if (++this.logLength >= this.config.compactAfterUpdates) void this.compact();
    });
  }

  /** A failed commit keeps the update in memory and retries: it is never dropped. */
  private async appendWithRetry(update: Uint8Array): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.store.append(this.projectId, update);
      } catch (e) {
        this.log.error(`[collab] storing update of ${this.projectId} failed (attempt ${attempt + 1})`, e);
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
      }
    }
  }

  compact(): Promise<void> {
    this.compacting ??= this.store
      .compact(this.projectId, this.doc)
      .then(() => {
        this.logLength = 0;
      })
      .catch((e) => this.log.error(`[collab] compaction of ${this.projectId} failed`, e))
      .finally(() => {
        this.compacting = null;
      });
    return this.compacting;
  }

  /** Wait until everything applied so far is committed. */
  flushed(): Promise<void> {
    return this.committed;
  }

  private onAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const conn = this.conns.get(origin as WebSocket);
    if (conn) {
      for (const id of added) conn.clientIds.add(id);
      for (const id of removed) conn.clientIds.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    const message = encodeAwareness(this.awareness, changed);
    for (const ws of this.conns.keys()) send(ws, message);
  };

  join(ws: WebSocket, participant: Participant): void {
    const conn: Conn = { participant, clientIds: new Set(), chain: this.loaded, toldReadOnly: false };
    this.conns.set(ws, conn);
    conn.chain = conn.chain.then(() => {
      send(ws, encodeSyncStep1(this.doc));
      const states = [...this.awareness.getStates().keys()];
      if (states.length) send(ws, encodeAwareness(this.awareness, states));
    });
    // a failed load is reported and the socket closed by the server; without this handler a
    // socket that sends nothing more would leave an unhandled rejection (a process crash)
    conn.chain.catch(() => {});
  }

  /** Queue one frame of a socket; frames of one socket are handled in order. */
  receive(ws: WebSocket, data: Uint8Array): void {
    const conn = this.conns.get(ws);
    if (!conn) return;
    conn.chain = conn.chain
      // a room that failed to load handles nothing, also after an earlier frame's error
      .then(() => this.loaded)
      .then(() => this.handle(ws, conn, data))
      .catch((e) => {
        if (this.loadFailed) {
          ws.close(CLOSE.loadFailed.code, CLOSE.loadFailed.reason);
        } else if (e instanceof ProtocolError) {
          ws.close(CLOSE.invalidUpdate.code, e.message);
        } else {
          this.log.warn(`[collab] closing a socket of ${this.projectId}:`, e);
          ws.close(CLOSE.invalidUpdate.code, CLOSE.invalidUpdate.reason);
        }
      });
  }

  private async handle(ws: WebSocket, conn: Conn, data: Uint8Array): Promise<void> {
    const msg = decodeClientMessage(data);
    switch (msg.type) {
      case 'sync-step1':
        // answer only with committed state: a relayed update is never lost
        await this.committed;
        send(ws, encodeSyncStep2(this.doc, msg.stateVector));
        return;
      case 'sync-update':
        if (conn.participant.readOnly) {
          if (!isEmptyUpdate(msg.update) && !conn.toldReadOnly) {
            conn.toldReadOnly = true;
            send(ws, encodePermissionDenied('只读：您的修改不会被保存 (read-only: updates refused)'));
          }
          return;
        }
        validateUpdate(msg.update);
        Y.applyUpdate(this.doc, msg.update, ws);
        return;
      case 'awareness': {
        const own = filterAwarenessUpdate(msg.update, (id) => {
          const owner = this.ownerOf(id);
          return owner === undefined || owner === ws;
        });
        if (own) awarenessProtocol.applyAwarenessUpdate(this.awareness, own, ws);
        return;
      }
      case 'query-awareness':
        send(ws, encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
        return;
    }
  }

  /** Close every socket of a user, e.g. after their access changed. */
  closeUser(userId: string, code: number, reason: string): void {
    for (const [ws, conn] of this.conns) if (conn.participant.userId === userId) ws.close(code, reason);
  }

  /** The socket that set presence for an awareness client id, if any. */
  private ownerOf(clientId: number): WebSocket | undefined {
    for (const [ws, conn] of this.conns) if (conn.clientIds.has(clientId)) return ws;
    return undefined;
  }

  /** Remove a socket and the presence it set. Returns the number of sockets left. */
  leave(ws: WebSocket): number {
    const conn = this.conns.get(ws);
    if (!conn) return this.conns.size;
    this.conns.delete(ws);
    if (conn.clientIds.size) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.clientIds], null);
    }
    return this.conns.size;
  }

  /** Flush, compact and free. The room must not be used afterwards. */
  async unload(): Promise<void> {
    await this.loaded.catch(() => {});
    await this.committed;
    await this.compact();
    this.awareness.destroy();
    this.doc.destroy();
  }
}

function send(ws: WebSocket, message: Uint8Array): void {
  if (ws.readyState === ws.OPEN) ws.send(message);
}

/** An update that carries no insertions and no deletions. */
function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

/** Decoding fully before applying keeps malformed updates away from the room's document. */
function validateUpdate(update: Uint8Array): void {
  try {
    Y.decodeUpdate(update);
  } catch {
    throw new ProtocolError(CLOSE.invalidUpdate.reason);
  }
}
