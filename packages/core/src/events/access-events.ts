/**
 * In-process notice that a user's access changed (a role granted or revoked), a project was
 * deleted, or access rules changed for everyone (units, workflow definitions), so the open
 * collaboration sockets concerned reconnect and are authorized again, or close, and remembered
 * access is dropped. `relayAccessEvents` carries the notice to the other processes on the bus.
 */
import { EventEmitter } from 'node:events';
import { ACCESS_TOPIC, type EventPublisher } from './event-bus.ts';
import { sessionEvents } from './session-events.ts';

export interface AccessChange {
  userId: string;
}

class AccessEvents {
  // one listener per open event stream and collaboration server: many, by design
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  changed(change: AccessChange): void {
    this.emitter.emit('changed', change);
    this.emitter.emit('any');
  }

  /** A table was deleted (archived): its open sockets close for good. */
  projectArchived(change: { projectId: string }): void {
    this.emitter.emit('archived', change);
    this.emitter.emit('any');
  }

  /** The unit tree or a workflow definition changed: anyone's access to any table may differ. */
  policyChanged(): void {
    this.emitter.emit('any');
  }

  onProjectArchived(listener: (change: { projectId: string }) => void): () => void {
    this.emitter.on('archived', listener);
    return () => this.emitter.off('archived', listener);
  }

  /** Returns the function that unsubscribes. */
  onChanged(listener: (change: AccessChange) => void): () => void {
    this.emitter.on('changed', listener);
    return () => this.emitter.off('changed', listener);
  }

  /** Any of the above. */
  onAny(listener: () => void): () => void {
    this.emitter.on('any', listener);
    return () => this.emitter.off('any', listener);
  }
}

export const accessEvents = new AccessEvents();

/**
 * Tell the other processes (through the bus) whenever access changes here or a session ends (what
 * they remember of sessions and access is dropped); returns the unsubscribe.
 */
export function relayAccessEvents(bus: EventPublisher, log: Pick<Console, 'warn'> = console): () => void {
  const relay = () => {
    bus.publish(ACCESS_TOPIC, { type: 'access', projectId: ACCESS_TOPIC }).catch((e) => log.warn('[events] access change not relayed', e));
  };
  const off = [accessEvents.onAny(relay), sessionEvents.onEnded(relay)];
  return () => {
    for (const stop of off) stop();
  };
}
