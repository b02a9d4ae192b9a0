/**
 * Clients of the three servers, as the load generator uses them: full providers (a Y.Doc that
 * edits and observes, through each server's own client library) and lightweight receivers (a
 * raw websocket that does the protocol's handshake, waits for the first sync, then reads and
 * discards), so a thousand sockets do not need a thousand Y.Docs in the generator.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { MESSAGE_SAVED, SAVED_ACK_PARAM, TableDoc, savedClock } from '@jixiao/table';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { type BareWebSocket, bareWebSocket } from './bare-websocket.ts';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** Where and how to connect: y-websocket framing (stock, jixiao) or Hocuspocus's. */
export interface Target {
  protocol: 'y-websocket' | 'hocuspocus';
  /** websocket base URL; y-websocket appends `/<room>` */
  url: string;
  /** sent with every upgrade (jixiao's session cookie) */
  headers: Record<string, string>;
}

export interface FullClient {
  doc: Y.Doc;
  table: TableDoc;
  synced: Promise<void>;
  /** close codes this client's sockets were closed with */
  closeCodes: number[];
  /** with `savedAck` (jixiao): the highest clock of this client's own edits the server committed */
  savedUpTo: number;
  destroy(): void;
}

// every y-websocket provider registers a process 'exit' listener
process.setMaxListeners(0);

/** `savedAck`: ask jixiao to acknowledge committed edits (its `?ack=1` extension). */
export function fullClient(target: Target, room: string, savedAck = false): FullClient {
  const doc = new Y.Doc();
  const client = { doc, table: new TableDoc(doc), closeCodes: [] as number[], savedUpTo: 0 };
  const { closeCodes } = client;
  let destroy: () => void;
  let synced: Promise<void>;
  if (target.protocol === 'y-websocket') {
    const { headers } = target;
    const provider = new WebsocketProvider(target.url, room, doc, {
      disableBc: true,
      params: savedAck ? { [SAVED_ACK_PARAM]: '1' } : {},
      WebSocketPolyfill: class extends WebSocket {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols, { headers });
        }
      } as unknown as typeof globalThis.WebSocket,
    });
    provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      client.savedUpTo = Math.max(client.savedUpTo, savedClock(decoder, doc.clientID));
    };
    provider.on('connection-close', (event: { code: number } | null) => {
      if (event) closeCodes.push(event.code);
    });
    synced = new Promise((resolve) => {
      if (provider.synced) resolve();
      else provider.once('sync', () => resolve());
    });
    destroy = () => provider.destroy();
  } else {
    let resolveSynced: () => void;
    synced = new Promise((r) => {
      resolveSynced = r;
    });
    // its own socket per client (as y-websocket), made by `ws` like every other bench socket
    const socket = new HocuspocusProviderWebsocket({ url: target.url, WebSocketPolyfill: WebSocket });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: room,
      document: doc,
      onSynced: () => resolveSynced(),
      onClose: ({ event }) => closeCodes.push(event.code),
    });
    provider.attach();
    destroy = () => {
      provider.destroy();
      socket.destroy();
    };
  }
  return Object.assign(client, { synced, destroy });
}

export interface RawReceiver {
  /** ms from opening the socket to the first full sync (the server's sync step 2) */
  synced: Promise<number>;
  /** frames received after the first sync */
  frames: number;
  close(): void;
}

const SYNC = 0;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const HOCUSPOCUS_AUTH = 2;
const HOCUSPOCUS_PING = 9;
const HOCUSPOCUS_PONG = 10;
/** the provider version Hocuspocus's handshake names */
const HOCUSPOCUS_VERSION = '4.7.0';
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

/** The client's opening frames: (Hocuspocus: authenticate with an empty token,) then sync step 1 of an empty doc. */
function handshake(target: Target, room: string): Uint8Array[] {
  const frame = (write: (e: encoding.Encoder) => void) => {
    const e = encoding.createEncoder();
    if (target.protocol === 'hocuspocus') encoding.writeVarString(e, room);
    write(e);
    return encoding.toUint8Array(e);
  };
  const step1 = frame((e) => {
    encoding.writeVarUint(e, SYNC);
    encoding.writeVarUint(e, SYNC_STEP1);
    encoding.writeVarUint8Array(e, EMPTY_STATE_VECTOR);
  });
  if (target.protocol === 'y-websocket') return [step1];
  const auth = frame((e) => {
    encoding.writeVarUint(e, HOCUSPOCUS_AUTH);
    encoding.writeVarUint(e, 0); // token
    encoding.writeVarString(e, '');
    encoding.writeVarString(e, HOCUSPOCUS_VERSION);
  });
  return [auth, step1];
}

/** Whether a server frame is its sync step 2 (the full state we asked for). */
function isSyncStep2(target: Target, data: Uint8Array): boolean {
  try {
    const d = decoding.createDecoder(data);
    if (target.protocol === 'hocuspocus') decoding.readVarString(d);
    return decoding.readVarUint(d) === SYNC && decoding.readVarUint(d) === SYNC_STEP2;
  } catch {
    return false;
  }
}

export function rawReceiver(target: Target, room: string): RawReceiver {
  const t0 = performance.now();
  const url = target.protocol === 'y-websocket' ? `${target.url}/${room}` : target.url;
  let done = false;
  let ws: BareWebSocket;
  const receiver: RawReceiver = {
    frames: 0,
    synced: new Promise((resolve, reject) => {
      ws = bareWebSocket(
        url,
        target.headers,
        {
          open: () => {
            for (const f of handshake(target, room)) ws.send(f);
          },
          message: (data) => {
            if (data && target.protocol === 'hocuspocus' && data.length === 1 && data[0] === HOCUSPOCUS_PING) {
              ws.send(Uint8Array.of(HOCUSPOCUS_PONG));
            } else if (done) {
              receiver.frames++;
            } else if (data && isSyncStep2(target, data)) {
              done = true;
              resolve(performance.now() - t0);
            }
          },
          error: (e) => {
            if (!done) reject(e);
          },
          closed: (code) => {
            if (!done) reject(new Error(`closed (${code}) before the first sync`));
          },
        },
        // after the first sync a frame is only counted (a one-byte one may be Hocuspocus's ping)
        (length) => !done || length === 1,
      );
    }),
    close: () => ws.terminate(),
  };
  receiver.synced.catch(() => {});
  return receiver;
}

/**
 * Edits the benches make: each sender owns one row and rewrites its 指标值 with a sequence
 * number, so an observer reads which edit it sees (and when).
 */
export const stamp = (seq: number) => `≥${seq}万人#${seq}`;
export function readStamp(text: string): number {
  const i = text.lastIndexOf('#');
  return i < 0 ? -1 : Number(text.slice(i + 1));
}

/** Adds the sender's row (with its 指标值 text, so observers can watch that Y.Text). */
export function addSenderRow(table: TableDoc, rowId: string): void {
  table.addIndicator({ level1: '产出指标', level2: '数量指标', name: `客户端${rowId}`, value: stamp(-1) }, undefined, rowId);
}

/** Calls `seen(seq, now)` whenever the row's 指标值 changes to a newer stamp. */
export function watchRow(table: TableDoc, rowId: string, seen: (seq: number, now: number) => void): void {
  const text = table.rowText(rowId, 'value')!;
  let last = -1;
  text.observe(() => {
    const now = performance.now();
    const seq = readStamp(text.toString());
    if (seq > last) {
      last = seq;
      seen(seq, now);
    }
  });
}
