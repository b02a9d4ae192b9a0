/**
 * In-process notice that a session ended (signed out or revoked), raised by better-auth's
 * database hook on session delete, so collaboration sockets opened with it close at once.
 */
import { EventEmitter } from 'node:events';

export interface SessionEnded {
  sessionId: string;
  userId: string;
}

class SessionEvents {
  private readonly emitter = new EventEmitter();

  ended(event: SessionEnded): void {
    this.emitter.emit('ended', event);
  }

  /** Returns the function that unsubscribes. */
  onEnded(listener: (event: SessionEnded) => void): () => void {
    this.emitter.on('ended', listener);
    return () => this.emitter.off('ended', listener);
  }
}

export const sessionEvents = new SessionEvents();
