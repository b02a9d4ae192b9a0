/**
 * A socket lives no longer than the session that opened it: it is closed when that session
 * signs out (an event from auth), and a periodic check closes sockets whose session expired or
 * no longer exists (deleted some other way, e.g. all sessions of a user revoked).
 */
import type { WebSocket } from 'ws';
import { type ResolveSession, cookieHeaders } from './authorize.ts';
import { CLOSE } from './close-codes.ts';
import type { Logger } from './room.ts';

interface Watched {
  userId: string;
  sessionId: string;
  expiresAt: Date;
  /** the upgrade's cookie (the session), to ask again whether the session is valid */
  cookie: string;
}

export class SessionWatch {
  private readonly sockets = new Map<WebSocket, Watched>();
  private readonly resolveSession: ResolveSession;
  private readonly log: Logger;
  /** one close listener for every socket, told which by `this` (no closure per socket) */
  private readonly forget: (this: WebSocket) => void;

  constructor(resolveSession: ResolveSession, log: Logger) {
    this.resolveSession = resolveSession;
    this.log = log;
    const sockets = this.sockets;
    this.forget = function (this: WebSocket) {
      sockets.delete(this);
    };
  }

  watch(ws: WebSocket, watched: Watched): void {
    this.sockets.set(ws, watched);
    ws.on('close', this.forget);
  }

  /** The session signed out or was deleted: close its sockets. */
  ended(sessionId: string): void {
    for (const [ws, w] of this.sockets) if (w.sessionId === sessionId) this.close(ws);
  }

  /** Close sockets whose session expired or is gone; a failing lookup closes nothing. */
  async recheck(now = new Date()): Promise<void> {
    const bySession = new Map<string, Array<[WebSocket, Watched]>>();
    for (const [ws, w] of this.sockets) {
      if (w.expiresAt <= now) this.close(ws);
      else {
        const same = bySession.get(w.sessionId);
        if (same) same.push([ws, w]);
        else bySession.set(w.sessionId, [[ws, w]]);
      }
    }
    for (const [sessionId, sockets] of bySession) {
      const [, first] = sockets[0]!;
      let current: Awaited<ReturnType<ResolveSession>>;
      try {
        current = await this.resolveSession(cookieHeaders(first.cookie));
      } catch (e) {
        this.log.warn('[collab] session check failed; sockets kept until the next check', e);
        return;
      }
      const valid = current && current.session.id === sessionId && current.user.id === first.userId;
      for (const [ws, w] of sockets) {
        if (!valid) this.close(ws);
        else w.expiresAt = current!.session.expiresAt;
      }
    }
  }

  private close(ws: WebSocket): void {
    this.sockets.delete(ws);
    ws.close(CLOSE.sessionEnded.code, CLOSE.sessionEnded.reason);
  }
}
