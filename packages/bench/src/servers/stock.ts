/**
 * The stock y-websocket server: @y/websocket-server 0.1.1 (the last release on yjs 13) run as
 * its own bin, exactly as installed. No persistence (YPERSISTENCE unset, so y-leveldb and
 * leveldown are never opened).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../measure.ts';
import { namedRooms, type RunningServer, ServerProcess } from './server-process.ts';

export async function launchStock(): Promise<RunningServer> {
  const utils = fileURLToPath(import.meta.resolve('@y/websocket-server/utils'));
  const bin = join(dirname(utils), 'server.js');
  const port = await freePort();
  const proc = await ServerProcess.start([bin], port, { HOST: '127.0.0.1', PORT: String(port), YPERSISTENCE: undefined });
  return {
    label: 'stock',
    process: proc,
    target: { protocol: 'y-websocket', url: `ws://127.0.0.1:${port}`, headers: {} },
    rooms: namedRooms(),
    stop: () => proc.kill(),
  };
}
