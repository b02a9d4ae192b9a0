/**
 * Relaying the updates of one group commit. A socket that sent none of them gets them as one
 * merged update, a single message: under load a commit holds several updates of a room, and
 * each message to each socket costs a system call. A socket that sent some gets the others one
 * by one, in order (never its own back), and, if it asked, one acknowledgement of its own.
 */
import { encodeSavedUpdate } from '@jixiao/table';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { encodeUpdate } from './protocol.ts';

/** An update applied to a room's document, from its application to its relay. */
export interface Applied {
  update: Uint8Array;
  /** the socket it came from; null: made by the server */
  origin: WebSocket | null;
  /** the parts of the table it touched (from a socket), for the `table` event */
  parts: readonly string[] | null;
  /** applied after every update with a lower number */
  seq: number;
  /** performance.now() when applied */
  appliedAt: number;
}

/** Send the committed `batch` (in the order applied) to every socket of `sockets`. */
export function relayCommitted(
  batch: readonly Applied[],
  sockets: Iterable<WebSocket>,
  wantsAck: (ws: WebSocket) => boolean,
  send: (ws: WebSocket, message: Uint8Array) => void,
): void {
  if (batch.length === 1) {
    const { update, origin } = batch[0]!;
    const message = encodeUpdate(update);
    for (const ws of sockets) if (ws !== origin) send(ws, message);
    if (origin && wantsAck(origin)) send(origin, encodeSavedUpdate(update));
    return;
  }
  const senders = new Set<WebSocket>();
  for (const a of batch) if (a.origin) senders.add(a.origin);
  const merged = encodeUpdate(Y.mergeUpdates(batch.map((a) => a.update)));
  let single: Uint8Array[] | null = null;
  for (const ws of sockets) {
    if (!senders.has(ws)) {
      send(ws, merged);
      continue;
    }
    single ??= batch.map((a) => encodeUpdate(a.update));
    for (let i = 0; i < batch.length; i++) if (batch[i]!.origin !== ws) send(ws, single[i]!);
  }
  for (const ws of senders) {
    if (!wantsAck(ws)) continue;
    const own = batch.filter((a) => a.origin === ws).map((a) => a.update);
    send(ws, encodeSavedUpdate(own.length === 1 ? own[0]! : Y.mergeUpdates(own)));
  }
}
