/**
 * In-process notice that a user's access changed (a role granted or revoked) or a project was
 * deleted, so the open collaboration sockets concerned reconnect and are authorized again, or close.
 */
import { EventEmitter } from 'node:events';

export interface AccessChange {
  userId: string;
}

class AccessEvents {
  // one listener per open event stream and collaboration server: many, by design
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  changed(change: AccessChange): void {
    this.emitter.emit('changed', change);
  }

  /** A table was deleted (archived): its open sockets close for good. */
  projectArchived(change: { projectId: string }): void {
    this.emitter.emit('archived', change);
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
}

export const accessEvents = new AccessEvents();
