/**
 * In-process notice that a user's access changed (a role granted or revoked) or a project's did
 * (deleted), so the open collaboration sockets concerned reconnect and are authorized again.
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

  projectChanged(change: { projectId: string }): void {
    this.emitter.emit('project', change);
  }

  onProjectChanged(listener: (change: { projectId: string }) => void): () => void {
    this.emitter.on('project', listener);
    return () => this.emitter.off('project', listener);
  }

  /** Returns the function that unsubscribes. */
  onChanged(listener: (change: AccessChange) => void): () => void {
    this.emitter.on('changed', listener);
    return () => this.emitter.off('changed', listener);
  }
}

export const accessEvents = new AccessEvents();
