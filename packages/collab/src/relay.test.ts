import * as decoding from 'lib0/decoding';
import { MESSAGE_SAVED } from '@jixiao/table';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { MESSAGE_SYNC, SYNC_UPDATE } from './protocol.ts';
import { type Applied, relayCommitted } from './relay.ts';

/** Stand-ins for sockets: relayCommitted only compares them and hands them to `send`. */
const socket = (name: string) => ({ name }) as unknown as WebSocket;

/** One update per edit, each typed by its own client into one shared text. */
function edits(count: number): { updates: Uint8Array[]; clients: number[] } {
  const updates: Uint8Array[] = [];
  const clients: number[] = [];
  const base = new Y.Doc();
  for (let i = 0; i < count; i++) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getText('t').insert(0, `edit${i}`);
    Y.applyUpdate(base, updates.at(-1)!);
    clients.push(doc.clientID);
  }
  return { updates, clients };
}

function applied(update: Uint8Array, origin: WebSocket | null, seq: number): Applied {
  return { update, origin, parts: null, seq, appliedAt: 0 };
}

/** The update a relayed sync message carries. */
function carried(message: Uint8Array): Uint8Array {
  const d = decoding.createDecoder(message);
  expect(decoding.readVarUint(d)).toBe(MESSAGE_SYNC);
  expect(decoding.readVarUint(d)).toBe(SYNC_UPDATE);
  return decoding.readVarUint8Array(d);
}

function relay(batch: Applied[], sockets: WebSocket[], acks: WebSocket[] = []) {
  const got = new Map<WebSocket, Uint8Array[]>(sockets.map((ws) => [ws, []]));
  relayCommitted(batch, sockets, (ws) => acks.includes(ws), (ws, m) => got.get(ws)!.push(m));
  return got;
}

describe('relayCommitted', () => {
  it('sends a lone update to everyone but its sender, and acknowledges it when asked', () => {
    const [a, b, c] = [socket('a'), socket('b'), socket('c')];
    const { updates } = edits(1);
    const got = relay([applied(updates[0]!, a, 1)], [a, b, c], [a]);
    expect(got.get(b)!.map(carried)).toEqual([updates[0]]);
    expect(got.get(c)!.map(carried)).toEqual([updates[0]]);
    expect(got.get(a)!).toHaveLength(1);
    expect(got.get(a)![0]![0]).toBe(MESSAGE_SAVED);
  });

  it('merges a commit into one message for sockets that sent none of it; senders get the others one by one', () => {
    const [a, b, c, d] = [socket('a'), socket('b'), socket('c'), socket('d')];
    const { updates } = edits(3);
    const batch = [applied(updates[0]!, a, 1), applied(updates[1]!, b, 2), applied(updates[2]!, null, 3)];
    const got = relay(batch, [a, b, c, d]);
    for (const ws of [c, d]) {
      expect(got.get(ws)!).toHaveLength(1);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, carried(got.get(ws)![0]!));
      expect(doc.getText('t').toString()).toBe('edit2edit1edit0');
    }
    expect(got.get(a)!.map(carried)).toEqual([updates[1], updates[2]]);
    expect(got.get(b)!.map(carried)).toEqual([updates[0], updates[2]]);
  });

  it('acknowledges every update of a sender in one message', () => {
    const [a, b] = [socket('a'), socket('b')];
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getText('t').insert(0, 'x');
    doc.getText('t').insert(1, 'yz');
    const got = relay([applied(updates[0]!, a, 1), applied(updates[1]!, a, 2)], [a, b], [a]);
    expect(got.get(a)!).toHaveLength(1);
    const saved = decoding.createDecoder(got.get(a)![0]!);
    expect(decoding.readVarUint(saved)).toBe(MESSAGE_SAVED);
    expect(Y.decodeStateVector(decoding.readVarUint8Array(saved)).get(doc.clientID)).toBe(3);
    expect(got.get(b)!).toHaveLength(1);
  });
});
