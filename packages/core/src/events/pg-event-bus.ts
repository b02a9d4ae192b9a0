/**
 * Events across processes through PostgreSQL LISTEN/NOTIFY: one dedicated connection per
 * process LISTENs on one channel; publishing is a NOTIFY through the ordinary pool after the
 * action's commit, and every process (this one included) delivers it to its subscribers when
 * PostgreSQL hands it back (listeners of all projects hear this process's events when sent,
 * not again). A dropped listening connection is reopened with backoff; its
 * subscribers are then told to fetch again (`resync`), since events sent meanwhile are lost.
 */
import { randomUUID } from 'node:crypto';
import { type Database, type Kysely, sql } from '@jixiao/db';
import pg from 'pg';
import { type EventBus, type EventListener, Listeners, type ProjectEvent } from './event-bus.ts';

export const EVENTS_CHANNEL = 'jixiao_events';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
export const MAX_PAYLOAD_BYTES = 7900;

export interface PgEventBusOptions {
  connectionString: string;
  /** the pool NOTIFY goes through */
  db: Kysely<Database>;
  log?: Pick<Console, 'warn' | 'error'>;
  channel?: string;
  /** reconnect backoff, in ms */
  minDelay?: number;
  maxDelay?: number;
}

interface Wire {
  projectId: string;
  event: ProjectEvent;
  /** the publishing bus: its listeners of all projects heard the event when it was sent */
  from?: string;
}

export class PgEventBus implements EventBus {
  private readonly listeners: Listeners;
  private readonly log: Pick<Console, 'warn' | 'error'>;
  private readonly channel: string;
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private attempts = 0;
  private closed = false;
  private everConnected = false;

  private readonly options: PgEventBusOptions;
  private readonly id = randomUUID();

  constructor(options: PgEventBusOptions) {
    this.options = options;
    this.log = options.log ?? console;
    this.listeners = new Listeners(this.log);
    this.channel = options.channel ?? EVENTS_CHANNEL;
  }

  /** Connects and LISTENs; resolves once listening (or after the first failure, retrying behind). */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Whether the listening connection is up (for tests and health reports). */
  get listening(): boolean {
    return this.client !== null;
  }

  async publish(projectId: string, event: ProjectEvent): Promise<void> {
    if (this.closed) return;
    const payload = JSON.stringify({ projectId, event, from: this.id } satisfies Wire);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      throw new Error(`event too large for NOTIFY (${Buffer.byteLength(payload)} bytes): send ids, not content`);
    }
    await sql`select pg_notify(${this.channel}, ${payload})`.execute(this.options.db);
    this.listeners.emitAll(event);
  }

  subscribe(projectId: string, listener: EventListener): () => void {
    return this.listeners.add(projectId, listener);
  }

  subscribeAll(listener: EventListener): () => void {
    return this.listeners.addAll(listener);
  }

  subscribers(projectId: string): number {
    return this.listeners.count(projectId);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.options.connectionString, keepAlive: true });
    let lost = false;
    const onLost = (e?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      if (this.closed) return;
      this.log.warn('[events] PostgreSQL listening connection lost:', e?.message ?? 'ended');
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (n) => {
      if (n.channel === this.channel && n.payload) this.deliver(n.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    } catch (e) {
      onLost(e as Error);
      return;
    }
    if (this.closed || lost) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.attempts = 0;
    if (this.everConnected) {
      // whatever was sent while we were away is lost: every open view fetches again
      this.listeners.resync();
    }
    this.everConnected = true;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.timer) return;
    const min = this.options.minDelay ?? 100;
    const max = this.options.maxDelay ?? 10_000;
    const delay = Math.min(max, min * 2 ** this.attempts) * (0.5 + Math.random() / 2);
    this.attempts++;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
    this.timer.unref?.();
  }

  private deliver(payload: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(payload) as Wire;
    } catch {
      this.log.warn('[events] unreadable NOTIFY payload ignored');
      return;
    }
    if (typeof wire?.projectId !== 'string' || typeof wire.event?.type !== 'string') return;
    if (wire.from === this.id) this.listeners.emitProject(wire.projectId, wire.event);
    else this.listeners.emit(wire.projectId, wire.event);
  }
}
