/**
 * Keeps the project's listed name equal to the 项目名称 in its document: after committed edits
 * settle, the name is read once and, if it changed, saved (core decides what may be saved).
 */
import type { Logger } from './room.ts';

export class NameSync {
  private last: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** performance.now() of the last committed edit */
  private lastChange = 0;
  private saving: Promise<void> = Promise.resolve();

  private readonly read: () => string;
  private readonly save: (name: string) => Promise<unknown>;
  private readonly delayMs: number;
  private readonly log: Logger;

  constructor(read: () => string, save: (name: string) => Promise<unknown>, delayMs: number, log: Logger) {
    this.read = read;
    this.save = save;
    this.delayMs = delayMs;
    this.log = log;
  }

  /** The name as loaded: no save until it changes. */
  loaded(): void {
    this.last = this.read();
  }

  /**
   * An edit was committed: look again once edits settle. Called for every relayed commit, so the
   * timer is not re-armed each time: when it fires early, it waits out the rest of the delay.
   */
  changed(): void {
    this.lastChange = performance.now();
    if (!this.timer) this.arm(this.delayMs);
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => {
      const rest = this.lastChange + this.delayMs - performance.now();
      if (rest > 1) this.arm(rest);
      else void this.flush();
    }, ms);
    this.timer.unref();
  }

  /** Save a changed name now (unload, shutdown); resolves when saved. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.saving = this.saving.then(async () => {
      const name = this.read();
      if (this.last === null || name === this.last) return;
      this.last = name;
      await this.save(name).catch((e) => this.log.warn('[collab] saving the project name failed', e));
    });
    return this.saving;
  }
}
