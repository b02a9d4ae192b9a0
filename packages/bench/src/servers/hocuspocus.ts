/**
 * Hocuspocus 4.7 with its SQLite extension (default debounce), one process per run on a
 * database file in the run's temp dir. The child reports each store of a document (its state
 * vector) over IPC, so the cold measure kills it only once the history is on disk.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';
import * as Y from 'yjs';
import { fullClient } from '../clients.ts';
import { freePort, sleep, waitFor } from '../measure.ts';
import { writeHistory } from '../workloads/history.ts';
import { namedRooms, type RunningServer, ServerProcess } from './server-process.ts';

interface Stored {
  stored: string;
  stateVector: number[];
}

export async function launchHocuspocus(dir: string): Promise<RunningServer> {
  const port = await freePort();
  const child = fileURLToPath(new URL('./hocuspocus.ts', import.meta.url));
  const proc = await ServerProcess.start([child, 'serve', String(port), join(dir, 'hocuspocus.sqlite')], port);
  const stores: Stored[] = [];
  proc.onMessage((m) => {
    if (m && typeof m === 'object' && 'stored' in m) stores.push(m as Stored);
  });
  const target = { protocol: 'hocuspocus', url: `ws://127.0.0.1:${port}`, headers: {} } as const;
  const rooms = namedRooms();
  return {
    label: 'hocuspocus',
    process: proc,
    target,
    rooms,
    async prepareCold() {
      // real edits by a real client, then wait for the debounced store that holds all of them
      const c = fullClient(target, rooms.cold);
      await c.synced;
      writeHistory(c.table);
      const clock = Y.decodeStateVector(Y.encodeStateVector(c.doc)).get(c.doc.clientID)!;
      await waitFor(
        () => stores.some((s) => s.stored === rooms.cold && (Y.decodeStateVector(Uint8Array.from(s.stateVector)).get(c.doc.clientID) ?? -1) >= clock),
        'Hocuspocus to store the cold table',
        60_000,
      );
      c.destroy();
      await sleep(100);
    },
    stop: () => proc.kill(),
  };
}

/** Child side: serve on 127.0.0.1:port with the SQLite extension on `file`. */
async function serve(port: number, file: string): Promise<void> {
  const server = new Server({
    port,
    address: '127.0.0.1',
    quiet: true,
    extensions: [new SQLite({ database: file })],
    async afterStoreDocument({ documentName, document }) {
      process.send?.({ stored: documentName, stateVector: [...Y.encodeStateVector(document)] });
    },
  });
  await server.listen();
  // the generator is gone: no stray server
  process.once('disconnect', () => process.exit(1));
}

if (process.argv[2] === 'serve' && import.meta.url === `file://${process.argv[1]}`) {
  await serve(Number(process.argv[3]), process.argv[4]!);
}
