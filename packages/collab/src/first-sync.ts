/**
 * The first sync of a room loaded from a lone snapshot (no log after it: compaction keeps it so)
 * is answered from the stored bytes. Building the Y.Doc from a large snapshot costs tens of ms,
 * far more in a freshly started process (cold JIT, small young generation): a client that holds
 * nothing yet gets the snapshot as stored — committed state, exactly what the doc would encode —
 * and the room builds its doc right after, before it handles anything that needs it.
 */
import * as encoding from 'lib0/encoding';
import { MESSAGE_SYNC, SYNC_STEP2, isEmptyStateVector } from './protocol.ts';

export class StoredSnapshot {
  readonly update: Uint8Array;

  private constructor(update: Uint8Array) {
    this.update = update;
  }

  /** The snapshot, when the stored document is that alone (else the doc is built at once). */
  static of(stored: { updates: Uint8Array[]; logLength: number }): StoredSnapshot | null {
    return stored.logLength === 0 && stored.updates.length === 1 ? new StoredSnapshot(stored.updates[0]!) : null;
  }

  /** The sync-step2 reply to a client with an empty state vector (it holds nothing); else null. */
  replyTo(stateVector: Uint8Array): Uint8Array | null {
    if (!isEmptyStateVector(stateVector)) return null;
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_SYNC);
    encoding.writeVarUint(enc, SYNC_STEP2);
    encoding.writeVarUint8Array(enc, this.update);
    return encoding.toUint8Array(enc);
  }
}
