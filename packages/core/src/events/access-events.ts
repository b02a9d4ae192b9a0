/**
 * In-process notice that a user's access changed (a role granted or revoked), so open
 * collaboration sockets of that user reconnect and are authorized again.
 */
import { EventEmitter } from 'node:events';

export interface AccessChange {
  userId: string;
}

class AccessEvents {
  private readonly emitter = new EventEmitter();

  changed(change: AccessChange): void {
    this.emitter.emit('changed', change);
  }

  /** Returns the function that unsubscribes. */
  onChanged(listener: (change: AccessChange) => void): () => void {
    this.emitter.on('changed', listener);
    return () => this.emitter.off('changed', listener);
  }
}

export const accessEvents = new AccessEvents();
