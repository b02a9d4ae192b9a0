import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MESSAGE_SAVED, encodeSaved, encodeSavedUpdate, ownClock, savedClock } from './saved-ack.ts';

const read = (message: Uint8Array, clientId: number) => {
  const decoder = decoding.createDecoder(message);
  expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SAVED);
  return savedClock(decoder, clientId);
};

describe('saved acknowledgements', () => {
  it('acknowledge incremental updates up to the clock they reach', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const text = doc.getText('t');
    text.insert(0, 'abc');
    text.insert(3, '绩效');
    text.delete(0, 1);
    expect(updates).toHaveLength(3);
    expect(read(encodeSavedUpdate(updates[0]!), doc.clientID)).toBe(3);
    // the second starts at clock 3: still acknowledged up to where it ends
    expect(read(encodeSavedUpdate(updates[1]!), doc.clientID)).toBe(ownClock(doc));
    expect(read(encodeSavedUpdate(updates[1]!), 12345)).toBe(0);
  });

  it('acknowledge a whole state vector', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, '项目支出');
    expect(read(encodeSaved(Y.encodeStateVector(doc)), doc.clientID)).toBe(4);
    expect(ownClock(doc)).toBe(4);
  });
});
