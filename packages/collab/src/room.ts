/**
 * One loaded document and the sockets editing it. Order of an edit: validate → apply to the
 * in-memory doc → group-commit to SQL → relay to the other sockets. Read-only sockets may sync
 * and share presence, but their document updates are discarded and they are told so.
 *
 * A room that failed to load is never written (no update, no compaction): its sockets are closed
 * with a terminal code and the room is destroyed, so the stored document stays as it was.
 *
 * Every update from a socket is stored with its sender and the parts of the table it touched
 * (part_change); once committed, a throttled `table` event tells viewers which parts changed.
 */
import type { EventPublisher } from '@jixiao/core';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { TableDoc, type TableJSON, encodeSaved, structureViolation } from '@jixiao/table';
import type { WebSocket } from 'ws';
import { sanitizeAwarenessUpdate } from './awareness-filter.ts';
import { CLOSE } from './close-codes.ts';
import { CompactTrigger } from './compaction.ts';
import { StoredSnapshot } from './first-sync.ts';
import type { CollabConfig } from './config.ts';
import type { Attribution, DocStore } from './doc-store.ts';
import { NameSync } from './name-sync.ts';
import { sendBounded } from './outbox.ts';
import { type Applied, relayCommitted } from './relay.ts';
import { TableEvents } from './table-events.ts';
import { touchedParts } from './touched-parts.ts';
import {
  type ClientMessage,
  ProtocolError,
  decodeClientMessage,
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  isEmptyStateVector,
} from './protocol.ts';

/** Origin tag of stored updates replayed at load: the persistence listener skips them. */
const LOADED = Symbol('loaded');

export interface Participant {
  userId: string;
  name: string;
  readOnly: boolean;
  /** told when its updates are committed (MESSAGE_SAVED); stock clients are not */
  savedAck?: boolean;
}

interface Conn {
  participant: Participant;
  /** awareness client ids this socket set, removed when it leaves */
  clientIds: Set<number>;
  /**
   * Frames are handled one after the other, after the room has loaded: while one waits (the
   * load, or a sync reply waiting for commits), later frames queue behind it on this chain.
   */
  chain: Promise<void>;
  /** frames (and the greeting) on the chain not yet handled; 0: the next frame is handled at once */
  waiting: number;
  /** bytes of the frames waiting on the chain */
  waitingBytes: number;
  /** the socket was closed for a bad frame: its later frames are ignored */
  refused: boolean;
  toldReadOnly: boolean;
  /** the server's sync step 1 went out, or was not needed (the client said it holds nothing) */
  asked: boolean;
}

export type Logger = Pick<Console, 'warn' | 'error'>;

/** loading → loaded → destroyed, or loading → failed (destroyed, never written). */
type RoomState = 'loading' | 'loaded' | 'failed' | 'destroyed';

export class Room {
  readonly projectId: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly conns = new Map<WebSocket, Conn>();
  /** bumped by every workflow step of the table: sockets authorized before one are checked again */
  accessEpoch = 0;
  readonly loaded: Promise<void>;
  private readonly store: DocStore;
  private readonly config: CollabConfig;
  private readonly log: Logger;
  private state: RoomState = 'loading';
  /** numbers the applied updates, in the order they were applied */
  private appliedSeq = 0;
  /** applied updates not yet committed, in the order they were applied */
  private uncommitted: Applied[] = [];
  /** committed updates waiting for the next relay (one per commit, see relay.ts) */
  private toRelay: Applied[] = [];
  /** callers of whenCommitted(), each waiting for every update applied up to `seq` */
  private commitWaiters: Array<{ seq: number; resolve: () => void; reject: (e: Error) => void }> = [];
  /** counts the log and says when to compact it (by size and by age) */
  private readonly compaction: CompactTrigger;
  private compacting: Promise<void> | null = null;
  /** the snapshot the room loaded, until something needs its doc built (first-sync.ts) */
  private snapshot: StoredSnapshot | null = null;
  private snapshotChecked = false;
  /** the socket that owns each awareness client id */
  private readonly owners = new Map<number, WebSocket>();
  /** set while commits fail: when the first failure happened, and the notice timer */
  private outage: { since: number; timer: NodeJS.Timeout } | null = null;
  /** awareness (its timer) and doc destroyed */
  private freed = false;
  /** close() gave up waiting: commit retries end */
  private stopped = false;
  private readonly nameSync: NameSync;
  private readonly tableEvents: TableEvents;
  /** The doc as plain data, made on demand and dropped on every update (liveTable()). */
  private json: TableJSON | null = null;
  /** the sync reply to a client holding nothing, encoded once per change (a table opened by many) */
  private fullReply: Uint8Array | null = null;

  constructor(projectId: string, store: DocStore, config: CollabConfig, log: Logger, events: EventPublisher) {
    this.projectId = projectId;
    // named by the table: a Doc without a guid draws a random UUID, a visible cost when a
    // storm of sockets loads hundreds of rooms at once (the guid only matters for subdocs)
    this.doc = new Y.Doc({ gc: true, guid: projectId });
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.store = store;
    this.config = config;
    this.log = log;
    this.awareness.setLocalState(null);
    this.nameSync = new NameSync(
      () => new TableDoc(this.doc).getHeader('projectName'),
      (name) => store.rename(projectId, name),
      config.nameSyncDelayMs,
      log,
    );
    this.tableEvents = new TableEvents(projectId, events, config.tableEventIntervalMs, log);
    this.compaction = new CompactTrigger(() => void this.compact(), config);
    // Registered before the stored state is awaited, so nothing applied meanwhile goes unsaved.
    this.doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      this.json = null;
      this.fullReply = null;
      if (origin !== LOADED) this.persistThenRelay(update, origin, tr);
    });
    this.awareness.on('update', this.onAwareness);
    this.loaded = this.load();
    this.loaded.catch(() => this.fail());
  }

  private async load(): Promise<void> {
    const stored = await this.store.load(this.projectId);
    // a lone snapshot is served as stored; the doc is built when something needs it (first-sync.ts)
    this.snapshot = StoredSnapshot.of(stored);
    if (!this.snapshot) {
      Y.transact(this.doc, () => {
        for (const u of stored.updates) Y.applyUpdate(this.doc, u, LOADED);
      }, LOADED);
      this.nameSync.loaded();
    }
    this.state = 'loaded';
    this.compaction.loaded(stored.logLength);
  }

  /**
   * Once the snapshot has answered a first sync (the answer is not held up), bytes Yjs cannot
   * read fail the room as a failed load does: its sockets are told, nothing is written.
   */
  private checkSnapshotSoon(): void {
    if (this.snapshotChecked) return;
    this.snapshotChecked = true;
    setImmediate(() => {
      if (!this.snapshot || this.freed || this.snapshot.readable()) return;
      this.log.error(`[collab] loading ${this.projectId} failed: its stored snapshot cannot be read`);
      this.fail();
    });
  }

  /**
   * Build the doc from the snapshot the room was loaded from (first-sync.ts). A snapshot Yjs
   * cannot apply fails the room, as a failed load does.
   */
  private build(): void {
    const snapshot = this.snapshot;
    if (!snapshot || this.freed) return;
    this.snapshot = null;
    try {
      Y.applyUpdate(this.doc, snapshot.update, LOADED);
    } catch (e) {
      this.log.error(`[collab] loading ${this.projectId} failed`, e);
      this.fail();
      throw e;
    }
    this.nameSync.loaded();
  }

  /**
   * The table as plain data (for sign-off and comment views), from the doc as it is now; null
   * while the doc is not built. Made at most once per change however many viewers ask.
   */
  liveTable(): TableJSON | null {
    if (this.state !== 'loaded' || this.freed) return null;
    // viewers of an open table ask again after every change: built once, not read from SQL each time
    this.buildSoon();
    // a snapshot Yjs cannot apply failed the room: SQL is read instead (it lists what it skipped)
    if (!this.built) return null;
    this.json ??= new TableDoc(this.doc).toJSON();
    return this.json;
  }

  /** The sync reply to a client holding nothing: the whole doc, encoded once per change. */
  private replyToNewcomer(): Uint8Array {
    this.fullReply ??= encodeSyncStep2(this.doc, new Uint8Array([0]));
    return this.fullReply;
  }

  /** Build the doc outside a frame's handling (a failure fails the room, see build()). */
  private buildSoon(): void {
    try {
      this.build();
    } catch {
      // reported and handled in build()
    }
  }

  /** Whether the doc is built (a room loaded from a lone snapshot builds it when needed). */
  get built(): boolean {
    return this.state === 'loaded' && !this.snapshot && !this.freed;
  }

  /** What the room holds, as a state vector (from the snapshot while the doc is not built). */
  private stateVector(): Uint8Array {
    return this.snapshot ? this.snapshot.stateVector() : Y.encodeStateVector(this.doc);
  }

  /** The load failed: tell the sockets (terminal: reconnecting would fail the same way), free all. */
  private fail(): void {
    this.state = 'failed';
    for (const ws of this.conns.keys()) ws.close(CLOSE.loadFailed.code, CLOSE.loadFailed.reason);
    this.destroy();
  }

  /**
   * Store, then relay: the update waits in `uncommitted` until its group commit resolves, then
   * goes out with the other updates of that commit (relay.ts). A failed commit keeps the update
   * in memory and retries until it succeeds or close() gives up. When commits keep failing, the
   * sockets are closed so users see 未保存/重连中 instead of a connected editor that saves nothing.
   */
  private persistThenRelay(update: Uint8Array, origin: unknown, tr: Y.Transaction): void {
    // the sender of an update applied from a socket and the parts it touched; null for others
    const conn = this.conns.get(origin as WebSocket);
    const by: Attribution | null = conn ? { userId: conn.participant.userId, parts: touchedParts(this.doc, tr) } : null;
    const entry: Applied = {
      update,
      origin: conn ? (origin as WebSocket) : null,
      parts: by?.parts ?? null,
      seq: ++this.appliedSeq,
      appliedAt: performance.now(),
    };
    this.uncommitted.push(entry);
    this.persist(entry, by, 0);
  }

  private persist(entry: Applied, by: Attribution | null, attempt: number): void {
    this.store.append(this.projectId, entry.update, by).then(
      () => this.stored(entry),
      (e) => {
        this.log.error(`[collab] storing update of ${this.projectId} failed (attempt ${attempt + 1})`, e);
        this.startOutage();
        setTimeout(() => {
          // close() gave up: the update is abandoned (reported there), its waiters rejected in stop()
          if (!this.stopped) this.persist(entry, by, attempt + 1);
        }, Math.min(5000, 100 * 2 ** attempt));
      },
    );
  }

  private stored(entry: Applied): void {
    this.endOutage();
    this.store.commitStats.record(performance.now() - entry.appliedAt);
    const at = this.uncommitted[0] === entry ? 0 : this.uncommitted.indexOf(entry);
    this.uncommitted.splice(at, 1);
    this.settleWaiters();
    // the updates of one group commit resolve together: relay them together, once they all have
    if (this.toRelay.push(entry) === 1) queueMicrotask(this.relay);
  }

  private relay = (): void => {
    const batch = this.toRelay;
    this.toRelay = [];
    relayCommitted(batch, this.conns.keys(), (ws) => this.conns.get(ws)?.participant.savedAck === true, (ws, m) => this.send(ws, m));
    this.compaction.committed(batch.length);
    this.nameSync.changed();
    for (const entry of batch) if (entry.parts) this.tableEvents.changed(entry.parts);
  };

  /** Resolves once every update applied so far is committed; rejects once close() gave up. */
  private whenCommitted(): Promise<void> {
    if (!this.uncommitted.length) return Promise.resolve();
    if (this.stopped) return Promise.reject(new Error('room stopped before the update was stored'));
    return new Promise((resolve, reject) => this.commitWaiters.push({ seq: this.appliedSeq, resolve, reject }));
  }

  private settleWaiters(): void {
    if (!this.commitWaiters.length) return;
    const oldest = this.uncommitted[0]?.seq ?? Number.POSITIVE_INFINITY;
    const waiting = [];
    for (const w of this.commitWaiters) {
      if (w.seq < oldest) w.resolve();
      else waiting.push(w);
    }
    this.commitWaiters = waiting;
  }

  private startOutage(): void {
    if (this.outage) return;
    const timer = setTimeout(() => this.closeAll(CLOSE.unsaved.code, CLOSE.unsaved.reason), this.config.unsavedNoticeMs);
    timer.unref();
    this.outage = { since: Date.now(), timer };
  }

  private endOutage(): void {
    if (!this.outage) return;
    clearTimeout(this.outage.timer);
    this.outage = null;
  }

  /** True while commits are failing (updates wait in memory). */
  get unsaved(): boolean {
    return this.outage !== null;
  }

  /** True once commits have been failing for longer than the notice delay. */
  private get unsavedTooLong(): boolean {
    return this.outage !== null && Date.now() - this.outage.since >= this.config.unsavedNoticeMs;
  }

  compact(): Promise<void> {
    // a doc still to be built from its snapshot has nothing logged to fold in
    if (this.state !== 'loaded' || this.stopped || this.snapshot) return Promise.resolve();
    this.compacting ??= this.store
      .compact(this.projectId, this.doc)
      .then((absorbed) => this.compaction.compacted(absorbed))
      .catch((e) => this.log.error(`[collab] compaction of ${this.projectId} failed`, e))
      .finally(() => {
        this.compacting = null;
      });
    return this.compacting;
  }

  /** Wait until everything applied so far is committed. */
  flushed(): Promise<void> {
    return this.whenCommitted();
  }

  private onAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const ws = origin as WebSocket;
    const conn = this.conns.get(ws);
    for (const id of added) {
      if (!conn) continue;
      conn.clientIds.add(id);
      this.owners.set(id, ws);
    }
    for (const id of removed) {
      const owner = this.owners.get(id);
      if (owner) this.conns.get(owner)?.clientIds.delete(id);
      this.owners.delete(id);
    }
    const message = encodeAwareness(this.awareness, [...added, ...updated, ...removed]);
    for (const peer of this.conns.keys()) this.send(peer, message);
    // Awareness keeps the clock of every client it ever saw: a socket setting and removing new
    // client ids would grow the room without bound (the removal is encoded above, with its clock)
    for (const id of removed) this.awareness.meta.delete(id);
  };

  join(ws: WebSocket, participant: Participant): void {
    if (this.state === 'failed' || this.freed) {
      ws.close(CLOSE.loadFailed.code, CLOSE.loadFailed.reason);
      return;
    }
    if (this.unsavedTooLong) {
      ws.close(CLOSE.unsaved.code, CLOSE.unsaved.reason);
      return;
    }
    const conn: Conn = { participant, clientIds: new Set(), chain: this.loaded, waiting: 1, waitingBytes: 0, refused: false, toldReadOnly: false, asked: false };
    this.conns.set(ws, conn);
    conn.chain = conn.chain.then(() => {
      conn.waiting--;
      if (!this.conns.has(ws) || this.freed) return;
      // an unbuilt room asks what the client holds once it has heard from it (handle())
      if (!this.snapshot) this.askForMissing(ws, conn);
      const states = [...this.awareness.getStates().keys()];
      if (states.length) this.send(ws, encodeAwareness(this.awareness, states));
    });
    // a failed load closes the socket (fail()); without this handler a socket that sends
    // nothing more would leave an unhandled rejection (a process crash)
    conn.chain.catch(() => {});
  }

  /**
   * Handle one frame of a socket; frames of one socket are handled in order. A frame is handled
   * at once when nothing of its socket is waiting (the common case: no promise per frame), else
   * it queues behind what waits.
   */
  receive(ws: WebSocket, data: Uint8Array): void {
    const conn = this.conns.get(ws);
    if (!conn || conn.refused) return;
    if (conn.waiting === 0 && this.state === 'loaded') {
      this.handleNow(ws, conn, data);
      return;
    }
    // a client that sends faster than its frames are handled (each sync request waiting for the
    // commits before it) would queue without bound: the same bound as while the room loads
    if (conn.waiting > this.config.maxEarlyMessages || conn.waitingBytes + data.byteLength > this.config.maxEarlyBytes) {
      conn.refused = true;
      ws.close(CLOSE.tooManyWaiting.code, CLOSE.tooManyWaiting.reason);
      return;
    }
    conn.waitingBytes += data.byteLength;
    // a room that failed to load handles nothing (the load's rejection refuses the frame)
    this.enqueue(ws, conn, () =>
      this.loaded.then(() => {
        conn.waitingBytes -= data.byteLength;
        return conn.refused ? undefined : this.handle(ws, conn, data);
      }),
    );
  }

  /** Handle a frame now; a reply that must wait for commits holds the socket's later frames back. */
  private handleNow(ws: WebSocket, conn: Conn, data: Uint8Array): void {
    try {
      const wait = this.handle(ws, conn, data);
      if (wait) this.enqueue(ws, conn, () => wait);
    } catch (e) {
      this.refuse(ws, conn, e);
    }
  }

  /** Run `step` after what waits on the socket's chain; later frames wait until it settles. */
  private enqueue(ws: WebSocket, conn: Conn, step: () => Promise<void> | undefined): void {
    conn.waiting++;
    conn.chain = conn.chain.then(step).then(
      () => {
        conn.waiting--;
      },
      (e) => {
        conn.waiting--;
        this.refuse(ws, conn, e);
      },
    );
  }

  /** Close a socket whose frame could not be handled; its later frames are ignored. */
  private refuse(ws: WebSocket, conn: Conn, e: unknown): void {
    conn.refused = true;
    if (this.state !== 'loaded') {
      ws.close(CLOSE.loadFailed.code, CLOSE.loadFailed.reason);
    } else if (e instanceof ProtocolError) {
      ws.close(CLOSE.invalidUpdate.code, e.message);
    } else {
      this.log.warn(`[collab] closing a socket of ${this.projectId}:`, e);
      ws.close(CLOSE.invalidUpdate.code, CLOSE.invalidUpdate.reason);
    }
  }

  /** Handle one frame; returns a promise when its reply waits for commits. Throws on a bad frame. */
  private handle(ws: WebSocket, conn: Conn, data: Uint8Array): Promise<void> | undefined {
    const msg = decodeClientMessage(data);
    if (this.snapshot && this.needsDoc(msg)) this.build();
    if (!conn.asked) {
      // a client whose first sync says it holds nothing has nothing the server lacks: not asked
      if (msg.type === 'sync-step1' && isEmptyStateVector(msg.stateVector)) conn.asked = true;
      else this.askForMissing(ws, conn);
    }
    if (this.snapshot && msg.type === 'sync-step1') {
      // doc not built: the client holds nothing (needsDoc), and is answered with the snapshot,
      // committed state (nothing was applied since the load); with nothing of its own, it has
      // nothing to be told is saved (its later edits are acknowledged one by one)
      this.send(ws, this.snapshot.reply);
      this.checkSnapshotSoon();
      return;
    }
    switch (msg.type) {
      case 'sync-step1': {
        // answer only with committed state (a relayed update is never lost): the reply is the
        // state of now, sent once everything applied until now is committed
        const reply = isEmptyStateVector(msg.stateVector) ? this.replyToNewcomer() : encodeSyncStep2(this.doc, msg.stateVector);
        const saved = conn.participant.savedAck ? encodeSaved(Y.encodeStateVector(this.doc)) : null;
        const answer = () => {
          this.send(ws, reply);
          // what the server holds is saved: a reconnecting client learns which of its edits arrived
          if (saved) this.send(ws, saved);
        };
        if (this.uncommitted.length) return this.whenCommitted().then(answer);
        answer();
        return;
      }
      case 'sync-update':
        // a client's answer to the server's sync step 1 when it holds nothing the server lacks
        if (isEmptyEncoding(msg.update)) return;
        if (conn.participant.readOnly) {
          if (!isEmptyUpdate(msg.update) && !conn.toldReadOnly) {
            conn.toldReadOnly = true;
            this.send(ws, encodePermissionDenied('只读：您的修改不会被保存 (read-only: updates refused)'));
          }
          return;
        }
        {
          // content of the wrong kind at a known place of the table: not applied, stored or relayed
          const violation = checkUpdate(this.doc, msg.update);
          if (violation) throw new ProtocolError(violation);
        }
        Y.applyUpdate(this.doc, msg.update, ws);
        this.boundPending();
        return;
      case 'awareness': {
        let fresh = 0;
        const own = sanitizeAwarenessUpdate(msg.update, {
          // own clients, plus new ones up to the per-socket cap; only an own client can be
          // removed (Awareness remembers a removal of a client it never had, for good)
          admit: (id, removal) => {
            const owner = this.owners.get(id);
            if (owner !== undefined || removal) return owner === ws;
            if (conn.clientIds.size + fresh >= this.config.maxAwarenessClientsPerSocket) return false;
            fresh++;
            return true;
          },
          maxStateBytes: this.config.maxAwarenessStateBytes,
          identity: { id: conn.participant.userId, name: conn.participant.name },
        });
        if (own) awarenessProtocol.applyAwarenessUpdate(this.awareness, own, ws);
        return;
      }
      case 'query-awareness':
        this.send(ws, encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
        return;
    }
  }

  /**
   * Updates waiting for content the server never got stay in the doc's memory (never stored,
   * relayed or acknowledged) and are merged into every later update's check and apply: past the
   * bound they are dropped and the socket that sent the last of them is refused.
   */
  private boundPending(): void {
    const { pendingStructs, pendingDs } = this.doc.store;
    if ((pendingStructs?.update.byteLength ?? 0) + (pendingDs?.byteLength ?? 0) <= this.config.maxPendingBytes) return;
    dropPending(this.doc);
    throw new ProtocolError(CLOSE.tooMuchPending.reason);
  }

  /** The server's sync step 1: the client answers with what it holds and the server lacks. */
  private askForMissing(ws: WebSocket, conn: Conn): void {
    conn.asked = true;
    this.send(ws, encodeSyncStep1(this.stateVector()));
  }

  /**
   * Whether a frame needs the doc built (first-sync.ts): a client holding part of the table, or
   * an update with content; a newcomer's first sync and presence are served without it.
   */
  private needsDoc(msg: ClientMessage): boolean {
    if (msg.type === 'sync-step1') return !isEmptyStateVector(msg.stateVector);
    if (msg.type === 'sync-update') return !isEmptyEncoding(msg.update);
    return false;
  }

  private send(ws: WebSocket, message: Uint8Array): void {
    sendBounded(ws, message, this.config.maxBufferedBytes);
  }

  /** The users with a socket here. */
  users(): { id: string; name: string }[] {
    const out = new Map<string, string>();
    for (const conn of this.conns.values()) out.set(conn.participant.userId, conn.participant.name);
    return [...out].map(([id, name]) => ({ id, name }));
  }

  /**
   * A user's access changed (the table moved in its workflow): their sockets become read-only
   * or editable from the next frame on; a socket made read-only is told so at once (the
   * y-protocols permission-denied message every client understands). What a client typed
   * while read-only stays in its document and is saved once it may edit again.
   */
  setReadOnly(userId: string, readOnly: boolean): void {
    for (const [ws, conn] of this.conns) {
      if (conn.participant.userId !== userId || conn.participant.readOnly === readOnly) continue;
      conn.participant = { ...conn.participant, readOnly };
      conn.toldReadOnly = readOnly;
      if (readOnly) this.send(ws, encodePermissionDenied('此表已进入下一流程环节，当前为只读：您的修改不会被保存 (read-only)'));
      // editable again: ask for what the client holds and the server lacks (edits refused
      // meanwhile), or its later updates would wait forever for the ones they build on
      else this.send(ws, encodeSyncStep1(this.stateVector()));
    }
  }

  /** Close every socket of a user, e.g. after their access changed. */
  closeUser(userId: string, code: number, reason: string): void {
    for (const [ws, conn] of this.conns) if (conn.participant.userId === userId) ws.close(code, reason);
  }

  /** Close every socket, e.g. when the table was deleted. */
  closeAll(code: number, reason: string): void {
    for (const ws of this.conns.keys()) ws.close(code, reason);
  }

  /** Remove a socket and the presence it set. Returns the number of sockets left. */
  leave(ws: WebSocket): number {
    const conn = this.conns.get(ws);
    if (!conn) return this.conns.size;
    if (conn.clientIds.size && !this.freed) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.clientIds], null);
    }
    this.conns.delete(ws);
    return this.conns.size;
  }

  /** Flush, compact and free. Only a loaded room is compacted. The room must not be used afterwards. */
  async unload(): Promise<void> {
    try {
      await this.loaded;
      await this.whenCommitted();
      // a compaction already under way may predate the last commits: let it end, then compact anew
      while (this.compacting) await this.compacting;
      await this.compact();
      await this.nameSync.flush();
    } catch {
      // a failed load writes nothing; abandoned commits are reported by close()
    } finally {
      this.destroy();
    }
  }

  /** Give up on commits still retrying (close() timed out); nothing more is written. */
  stop(): void {
    this.stopped = true;
    this.endOutage();
    const abandoned = new Error('room stopped before the update was stored');
    for (const w of this.commitWaiters) w.reject(abandoned);
    this.commitWaiters = [];
  }

  private destroy(): void {
    if (this.freed) return;
    this.freed = true;
    if (this.state !== 'failed') this.state = 'destroyed';
    this.endOutage();
    this.compaction.stop();
    // what is pending was committed: announce it now rather than after the window
    this.tableEvents.flush();
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** The encoding of an empty update (no structs, no deletions), as Yjs writes it: [0, 0]. */
function isEmptyEncoding(update: Uint8Array): boolean {
  return update.byteLength === 2 && update[0] === 0 && update[1] === 0;
}

/** An update that carries no insertions and no deletions. */
function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

/** Forget the updates the doc holds waiting for content it never got (never stored, relayed or acknowledged). */
function dropPending(doc: Y.Doc): void {
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
}

/**
 * Why the update must not be applied (structure-check.ts), or null. Decoding fully before
 * applying keeps malformed updates away from the room's document: the structure check decodes
 * the update itself (a malformed one throws there); with structs pending in the document it
 * decodes a merge of both, so the update alone is decoded first.
 */
function checkUpdate(doc: Y.Doc, update: Uint8Array): string | null {
  let violation: string | null;
  const { pendingStructs, pendingDs } = doc.store;
  try {
    if (!pendingStructs && !pendingDs) return structureViolation(doc, update);
    Y.decodeUpdate(update);
    violation = structureViolation(doc, update);
  } catch {
    throw new ProtocolError(CLOSE.invalidUpdate.reason);
  }
  if (!violation) return null;
  // The fault may lie only in what waits (e.g. poison another socket placed after this client's
  // next character, to have its edits refused): the update is judged alone, and when it fits, what
  // waited is dropped instead (never stored, relayed or acknowledged). Refused: nothing changes.
  dropPending(doc);
  const alone = structureViolation(doc, update);
  if (alone) {
    doc.store.pendingStructs = pendingStructs;
    doc.store.pendingDs = pendingDs;
  }
  return alone;
}
