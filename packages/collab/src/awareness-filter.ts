/**
 * A socket may only set presence for the awareness clients it owns: the first socket to send a
 * client id owns it until it leaves. Entries for other sockets' clients are dropped, so nobody
 * can move or erase a colleague's cursor.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ProtocolError } from './protocol.ts';

/** The update without the entries `allowed` rejects, or null when nothing is left. */
export function filterAwarenessUpdate(update: Uint8Array, allowed: (clientId: number) => boolean): Uint8Array | null {
  const entries: Array<{ clientId: number; clock: number; state: string }> = [];
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      JSON.parse(state);
      if (allowed(clientId)) entries.push({ clientId, clock, state });
    }
  } catch {
    throw new ProtocolError('在线状态消息格式错误 (malformed awareness)');
  }
  if (!entries.length) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return encoding.toUint8Array(encoder);
}
