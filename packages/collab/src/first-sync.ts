/**
 * A room loaded from a lone snapshot (no log after it: compaction keeps a table at rest so, and a
 * new table starts so) serves what it can from the stored bytes and builds its Y.Doc only when
 * something needs the doc: an edit, a client that already holds part of the table, a live view.
 * Building a doc from a large snapshot costs tens of ms, far more in a freshly started process
 * (cold JIT, small young generation), and a built doc takes many times the snapshot's memory: a
 * storm of reconnecting readers, or a restart, is answered without building any. Bytes Yjs
 * cannot read fail the room right after its first answer, as a failed load does (room.ts).
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MESSAGE_SYNC, SYNC_STEP2 } from './protocol.ts';

export class StoredSnapshot {
  /** the sync-step2 reply to a client holding nothing: the stored bytes behind a 2-byte header */
  readonly reply: Uint8Array;
  /** the snapshot as stored (a view into `reply`: held once) */
  readonly update: Uint8Array;
  private vector: Uint8Array | null = null;

  private constructor(update: Uint8Array) {
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_SYNC);
    encoding.writeVarUint(enc, SYNC_STEP2);
    encoding.writeVarUint8Array(enc, update);
    this.reply = encoding.toUint8Array(enc);
    this.update = this.reply.subarray(this.reply.byteLength - update.byteLength);
  }

  /** The snapshot, when the stored document is that alone (else the doc is built at once). */
  static of(stored: { updates: Uint8Array[]; logLength: number }): StoredSnapshot | null {
    return stored.logLength === 0 && stored.updates.length === 1 ? new StoredSnapshot(stored.updates[0]!) : null;
  }

  /** What the snapshot holds, as a state vector (read from the bytes, once); throws on bytes Yjs cannot read. */
  stateVector(): Uint8Array {
    this.vector ??= Y.encodeStateVectorFromUpdate(this.update);
    return this.vector;
  }

  /** Whether Yjs can read the snapshot's structure (reading it keeps its state vector). */
  readable(): boolean {
    try {
      this.stateVector();
      return true;
    } catch {
      return false;
    }
  }
}
