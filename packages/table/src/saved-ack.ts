/**
 * jixiao's one addition to the y-websocket protocol, used only by clients that ask for it
 * (`?ack=1` on the socket URL), so the stock client stays compatible: the server tells a client
 * which of its updates are committed to the database, as a Yjs state vector. The client's edits
 * are saved when the acknowledged clock of its own client id reaches its document's clock.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Message type, clear of y-websocket's 0–3. */
export const MESSAGE_SAVED = 100;
/** Query parameter a client sets to receive MESSAGE_SAVED. */
export const SAVED_ACK_PARAM = 'ack';

/** The acknowledgement of a whole document's state (a reconnecting client's catch-up). */
export function encodeSaved(stateVector: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MESSAGE_SAVED);
  encoding.writeVarUint8Array(enc, stateVector);
  return encoding.toUint8Array(enc);
}

/**
 * The acknowledgement of one committed update: the clock each of its clients reaches. (Yjs's
 * encodeStateVectorFromUpdate leaves out clients whose structs do not start at clock 0, which
 * is every incremental update, so the clocks come from the update's metadata instead.)
 */
export function encodeSavedUpdate(update: Uint8Array): Uint8Array {
  const { to } = Y.parseUpdateMeta(update);
  const sv = encoding.createEncoder();
  encoding.writeVarUint(sv, to.size);
  for (const [client, clock] of to) {
    encoding.writeVarUint(sv, client);
    encoding.writeVarUint(sv, clock);
  }
  return encodeSaved(encoding.toUint8Array(sv));
}

/** The committed clock of `clientId` in a MESSAGE_SAVED body (after its type was read). */
export function savedClock(decoder: decoding.Decoder, clientId: number): number {
  return Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(clientId) ?? 0;
}

/** How far this document's own edits go (its clock), to compare with the saved clock. */
export function ownClock(doc: Y.Doc): number {
  return Y.getState(doc.store, doc.clientID);
}
