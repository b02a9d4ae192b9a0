/**
 * Sending to a socket with a bound on what waits in memory for it: a client that sends requests
 * (e.g. sync-step1, each answered with the whole document) but never reads would otherwise make
 * the server queue without limit.
 */
import type { WebSocket } from 'ws';
import { CLOSE } from './close-codes.ts';

/** Send, or close the socket when `message` would take its queue past `maxBufferedBytes`. */
export function sendBounded(ws: WebSocket, message: Uint8Array, maxBufferedBytes: number): void {
  if (ws.readyState !== ws.OPEN) return;
  // one message always goes out on an empty queue, however large the document is
  if (ws.bufferedAmount > 0 && ws.bufferedAmount + message.byteLength > maxBufferedBytes) {
    ws.close(CLOSE.sendBufferFull.code, CLOSE.sendBufferFull.reason);
    return;
  }
  ws.send(message);
}
