/**
 * Worker thread entry (see import-pool.ts): parses one import at a time, so a slow or hostile
 * upload costs this thread's time and heap, not the event loop serving collaboration.
 */
import { parentPort } from 'node:worker_threads';
import { ImportRequestError } from './import-errors.ts';
import { type ImportSource, parseImport } from './import-parse.ts';
import type { WorkerReply } from './import-pool.ts';

const port = parentPort;
if (!port) throw new Error('import-worker.ts runs as a worker thread');

port.on('message', async (source: ImportSource) => {
  let reply: WorkerReply;
  try {
    reply = { ok: true, result: await parseImport(source) };
  } catch (e) {
    reply =
      e instanceof ImportRequestError
        ? { ok: false, refused: { status: e.status, code: e.code, message: e.message, doubts: e.doubts } }
        : { ok: false, failed: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(reply);
});
// loaded: the pool starts a job's deadline from here
port.postMessage('ready');
