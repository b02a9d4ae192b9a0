/**
 * Live events of a project (comments, threads, sign-offs, content changes; later workflow), for everyone
 * viewing the table, across server processes. Events carry ids, never content: a subscriber
 * fetches what changed through the API, where access is checked. Services publish after their
 * transaction commits, so no subscriber ever hears of data it cannot read yet.
 *
 * Two implementations, chosen by the database: in-process for SQLite (one process owns the
 * file) and PostgreSQL LISTEN/NOTIFY when several processes share one database.
 */
import { EventEmitter } from 'node:events';

export type ProjectEvent =
  | { type: 'thread'; projectId: string; threadId: string; action: 'created' | 'resolved' | 'reopened' }
  | { type: 'comment'; projectId: string; threadId: string; commentId: string; action: 'created' | 'edited' | 'deleted' }
  | { type: 'signoff'; projectId: string; signoffId: string; action: 'created' | 'revoked' }
  /**
   * the table's content changed (sent by the collaboration server after commit, at most a few
   * times a second per table): sign-offs may have gone stale, last-changed-by moved on
   */
  | { type: 'table'; projectId: string; parts: string[] }
  /** the table moved in its workflow: access (editable / read-only) may have changed */
  | { type: 'workflow'; projectId: string; action: string; version: number }
  /** events may have been missed (the bus lost its connection for a while): fetch everything again */
  | { type: 'resync'; projectId: string }
  /**
   * someone's access may have changed (a role, a unit, a workflow definition, a deleted table),
   * sent on ACCESS_TOPIC so other processes drop what they remembered of access
   */
  | { type: 'access'; projectId: typeof ACCESS_TOPIC };

/** The bus topic of `access` events: never a project id (ids are [A-Za-z0-9_-]). */
export const ACCESS_TOPIC = '*access';

export type EventListener = (event: ProjectEvent) => void;

/** What services need: publish after commit. */
export interface EventPublisher {
  publish(projectId: string, event: ProjectEvent): Promise<void>;
}

export interface EventBus extends EventPublisher {
  /** Returns the function that unsubscribes. */
  subscribe(projectId: string, listener: EventListener): () => void;
  /**
   * Every event of every project (and of ACCESS_TOPIC), before the project's own listeners; one
   * published by this process as soon as it is sent, within publish(): for caches to drop what an
   * action made stale before the action answers. Listeners must be quick.
   */
  subscribeAll(listener: EventListener): () => void;
  /** How many listeners this process has for a project (for tests and health reports). */
  subscribers(projectId: string): number;
  close(): Promise<void>;
}

const ALL = Symbol('all projects');

/** Listeners of each project; a listener that throws is logged and never hurts the others. */
export class Listeners {
  private readonly emitter = new EventEmitter();
  private readonly log: Pick<Console, 'warn'>;
  constructor(log: Pick<Console, 'warn'> = console) {
    this.log = log;
    this.emitter.setMaxListeners(0);
  }

  add(projectId: string | typeof ALL, listener: EventListener): () => void {
    const wrapped = (event: ProjectEvent) => {
      try {
        listener(event);
      } catch (e) {
        this.log.warn('[events] listener failed:', (e as Error).message);
      }
    };
    this.emitter.on(projectId, wrapped);
    return () => this.emitter.off(projectId, wrapped);
  }

  addAll(listener: EventListener): () => void {
    return this.add(ALL, listener);
  }

  /** Listeners of all projects first: caches of access drop what they knew before anyone re-checks. */
  emit(projectId: string, event: ProjectEvent): void {
    this.emitAll(event);
    this.emitProject(projectId, event);
  }

  emitAll(event: ProjectEvent): void {
    this.emitter.emit(ALL, event);
  }

  emitProject(projectId: string, event: ProjectEvent): void {
    this.emitter.emit(projectId, event);
  }

  /** Events may have been missed: every project's listeners, and those of all projects once, fetch again. */
  resync(): void {
    this.emitter.emit(ALL, { type: 'resync', projectId: '' } satisfies ProjectEvent);
    for (const projectId of this.projects()) this.emitter.emit(projectId, { type: 'resync', projectId } satisfies ProjectEvent);
  }

  count(projectId: string): number {
    return this.emitter.listenerCount(projectId);
  }

  projects(): string[] {
    return this.emitter.eventNames().filter((n): n is string => typeof n === 'string');
  }

  clear(): void {
    this.emitter.removeAllListeners();
  }
}

/** One process (SQLite): events are delivered in the process, asynchronously. */
export class LocalEventBus implements EventBus {
  private readonly listeners: Listeners;
  private closed = false;

  constructor(log?: Pick<Console, 'warn'>) {
    this.listeners = new Listeners(log);
  }

  async publish(projectId: string, event: ProjectEvent): Promise<void> {
    if (this.closed) return;
    this.listeners.emitAll(event);
    // never inside the publisher's stack: a slow or failing subscriber does not delay the action
    setImmediate(() => this.listeners.emitProject(projectId, event));
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
    this.listeners.clear();
  }
}

/** For callers that have nobody to tell (scripts, imports). */
export const noEvents: EventPublisher = { publish: async () => {} };
