import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { filterAwarenessUpdate } from './awareness-filter.ts';
import { ProtocolError } from './protocol.ts';

function updateOf(...clients: Array<{ name: string }>): { update: Uint8Array; ids: number[] } {
  const docs = clients.map(() => new Y.Doc());
  const target = new awarenessProtocol.Awareness(new Y.Doc());
  docs.forEach((doc, i) => {
    const a = new awarenessProtocol.Awareness(doc);
    a.setLocalState({ user: clients[i] });
    awarenessProtocol.applyAwarenessUpdate(target, awarenessProtocol.encodeAwarenessUpdate(a, [doc.clientID]), null);
  });
  const ids = docs.map((d) => d.clientID);
  return { update: awarenessProtocol.encodeAwarenessUpdate(target, ids), ids };
}

describe('filterAwarenessUpdate', () => {
  it('keeps allowed entries and drops the others', () => {
    const { update, ids } = updateOf({ name: '张' }, { name: '李' });
    const filtered = filterAwarenessUpdate(update, (id) => id === ids[0]);
    const applied = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(applied, filtered!, null);
    expect(applied.getStates().get(ids[0]!)).toEqual({ user: { name: '张' } });
    expect(applied.getStates().has(ids[1]!)).toBe(false);
  });

  it('returns null when nothing is allowed and rejects malformed bytes', () => {
    const { update } = updateOf({ name: '张' });
    expect(filterAwarenessUpdate(update, () => false)).toBeNull();
    expect(() => filterAwarenessUpdate(new Uint8Array([5, 1]), () => true)).toThrow(ProtocolError);
  });
});
