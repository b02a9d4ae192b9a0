/**
 * Presence is relayed only as the server vouches for it:
 * - a socket may only set presence for awareness clients it owns (the first socket to send a
 *   client id owns it until it leaves) and only for a few of them, so nobody can move or erase a
 *   colleague's cursor or flood the room with fake people;
 * - the `user` field (id, name) is taken from the socket's session, whatever the client says;
 * - oversized states are dropped.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ProtocolError } from './protocol.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface AwarenessRules {
  /** May this socket set (or, `removal`, remove) presence for the client id? Called once per entry, in order. */
  admit(clientId: number, removal: boolean): boolean;
  /** Largest state (JSON text) relayed. */
  maxStateBytes: number;
  /** Who the socket's session says it is. */
  identity: { id: string; name: string };
}

/** The update as the server relays it, or null when nothing is left. */
export function sanitizeAwarenessUpdate(update: Uint8Array, rules: AwarenessRules): Uint8Array | null {
  const entries: Array<{ clientId: number; clock: number; state: string }> = [];
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      // measured as sent (UTF-8), before it is decoded: Chinese text takes three bytes a character
      const bytes = decoding.readVarUint8Array(decoder);
      if (bytes.byteLength > rules.maxStateBytes) continue;
      const state = stateWithIdentity(JSON.parse(utf8.decode(bytes)), rules.identity);
      if (state !== undefined && rules.admit(clientId, state === 'null')) entries.push({ clientId, clock, state });
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

/** JSON of the state with the session's identity, "null" for a removal, undefined to drop. */
function stateWithIdentity(state: unknown, identity: { id: string; name: string }): string | undefined {
  if (state === null) return 'null';
  if (typeof state !== 'object' || Array.isArray(state)) return undefined;
  const claimed = (state as { user?: { color?: unknown } }).user;
  const color = typeof claimed?.color === 'string' && claimed.color.length <= 32 ? claimed.color : undefined;
  return JSON.stringify({ ...state, user: { id: identity.id, name: identity.name, color } });
}
