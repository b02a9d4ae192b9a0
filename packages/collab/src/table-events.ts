/**
 * The live `table` event of one room, throttled: the first committed change is announced at
 * once (leading edge), later ones within the window are merged and announced when it ends
 * (trailing edge). A typist makes at most one event per window (one PostgreSQL NOTIFY), and
 * every viewer hears of every change within a window.
 */
import type { EventPublisher } from '@jixiao/core';
import type { Logger } from './room.ts';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes; the parts of one event stay well below. */
const MAX_PARTS_BYTES = 6000;

export class TableEvents {
  private readonly projectId: string;
  private readonly publisher: EventPublisher;
  private readonly windowMs: number;
  private readonly log: Logger;
  /** parts committed since the last event, announced when the window ends */
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(projectId: string, publisher: EventPublisher, windowMs: number, log: Logger) {
    this.projectId = projectId;
    this.publisher = publisher;
    this.windowMs = windowMs;
    this.log = log;
  }

  /** Parts whose changes are committed. */
  changed(parts: readonly string[]): void {
    if (!parts.length) return;
    if (this.timer) {
      for (const p of parts) this.pending.add(p);
      return;
    }
    this.publish(parts);
    this.openWindow();
  }

  /** Announce what is pending now and stop (the room unloads). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.publishPending();
  }

  private openWindow(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      // a change pending: announce it and keep throttling; none: the next change goes out at once
      if (this.publishPending()) this.openWindow();
    }, this.windowMs);
    this.timer.unref();
  }

  private publishPending(): boolean {
    if (!this.pending.size) return false;
    const parts = [...this.pending];
    this.pending = new Set();
    this.publish(parts);
    return true;
  }

  /** One event, or several when the parts would not fit one NOTIFY. */
  private publish(parts: readonly string[]): void {
    let chunk: string[] = [];
    let bytes = 0;
    for (const part of parts) {
      const size = Buffer.byteLength(part) + 3;
      if (size > MAX_PARTS_BYTES) continue; // no real part name is that long
      if (bytes + size > MAX_PARTS_BYTES) {
        this.send(chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(part);
      bytes += size;
    }
    if (chunk.length) this.send(chunk);
  }

  private send(parts: string[]): void {
    this.publisher
      .publish(this.projectId, { type: 'table', projectId: this.projectId, parts })
      .catch((e) => this.log.warn(`[collab] table event of ${this.projectId} not published:`, e instanceof Error ? e.message : e));
  }
}
