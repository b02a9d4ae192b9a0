/**
 * SQLite checkpoints its WAL (copies committed pages into the database file and syncs it)
 * inside whichever commit crosses the size threshold. better-sqlite3 is synchronous, so that
 * commit held up the event loop for 10–50 ms now and then: the tail of every websocket edit
 * waiting behind it. The main connection's automatic checkpoints are turned off and a worker
 * thread checkpoints on its own connection instead. Should the worker fail, automatic
 * checkpoints come back, so the WAL never grows without bound.
 */
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

export const CHECKPOINT_INTERVAL_MS = 1000;
/** SQLite's default threshold (pages), restored if the worker fails */
const AUTO_CHECKPOINT_PAGES = 1000;

export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(sqlite: SQLite.Database, file: string, intervalMs = CHECKPOINT_INTERVAL_MS) {
    sqlite.pragma('wal_autocheckpoint = 0');
    this.worker = new Worker(new URL('./wal-checkpoint-worker.js', import.meta.url), { workerData: { file, intervalMs } });
    // the server may exit while it runs; its checkpoints are never needed for durability
    this.worker.unref();
    const fallBack = (why: string) => {
      console.warn(`[db] WAL checkpoints back on the main connection: ${why}`);
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
    };
    this.worker.on('message', (m: { error?: string }) => m?.error && console.warn('[db] WAL checkpoint failed:', m.error));
    this.worker.on('error', (e) => fallBack(e.message));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** Stops the worker (its connection closed); resolves once it has exited. */
  stop(): Promise<void> {
    // referenced again: the process must stay up until the worker has closed its connection
    this.worker.ref();
    this.worker.postMessage('stop');
    return this.exited;
  }
}
