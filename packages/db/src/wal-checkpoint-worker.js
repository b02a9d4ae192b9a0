// The WAL checkpointer's thread (wal-checkpointer.ts): its own connection to the database file
// copies committed pages from the WAL into the database every `intervalMs`, PASSIVE (it never
// waits for or blocks a writer). Plain JavaScript: a worker's file is loaded as it is.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const db = new SQLite(workerData.file);
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    parentPort.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
}, workerData.intervalMs);

parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
