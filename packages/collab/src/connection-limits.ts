/** Open sockets per user and per document, counted from the upgrade to the socket's close. */
import type { CollabConfig } from './config.ts';

export type LimitReached = 'user' | 'room';

export class ConnectionLimits {
  private readonly perUser = new Map<string, number>();
  private readonly perRoom = new Map<string, number>();
  private readonly config: Pick<CollabConfig, 'maxConnectionsPerUser' | 'maxConnectionsPerRoom'>;

  constructor(config: Pick<CollabConfig, 'maxConnectionsPerUser' | 'maxConnectionsPerRoom'>) {
    this.config = config;
  }

  /** Take a slot: returns the function that gives it back (idempotent), or the limit reached. */
  acquire(userId: string, roomId: string): (() => void) | LimitReached {
    if ((this.perUser.get(userId) ?? 0) >= this.config.maxConnectionsPerUser) return 'user';
    if ((this.perRoom.get(roomId) ?? 0) >= this.config.maxConnectionsPerRoom) return 'room';
    add(this.perUser, userId, 1);
    add(this.perRoom, roomId, 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      add(this.perUser, userId, -1);
      add(this.perRoom, roomId, -1);
    };
  }
}

function add(counts: Map<string, number>, key: string, delta: number): void {
  const n = (counts.get(key) ?? 0) + delta;
  if (n > 0) counts.set(key, n);
  else counts.delete(key);
}
