import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { type AwarenessRules, sanitizeAwarenessUpdate } from './awareness-filter.ts';
import { ProtocolError } from './protocol.ts';

function updateOf(...states: Array<Record<string, unknown>>): { update: Uint8Array; ids: number[] } {
  const docs = states.map(() => new Y.Doc());
  const target = new awarenessProtocol.Awareness(new Y.Doc());
  docs.forEach((doc, i) => {
    const a = new awarenessProtocol.Awareness(doc);
    a.setLocalState(states[i]!);
    awarenessProtocol.applyAwarenessUpdate(target, awarenessProtocol.encodeAwarenessUpdate(a, [doc.clientID]), null);
  });
  const ids = docs.map((d) => d.clientID);
  return { update: awarenessProtocol.encodeAwarenessUpdate(target, ids), ids };
}

function applied(update: Uint8Array | null) {
  const a = new awarenessProtocol.Awareness(new Y.Doc());
  if (update) awarenessProtocol.applyAwarenessUpdate(a, update, null);
  return a.getStates();
}

const identity = { id: 'u_zhang', name: '张三' };
const rules = (admit: AwarenessRules['admit'] = () => true, maxStateBytes = 1000): AwarenessRules => ({
  admit,
  maxStateBytes,
  identity,
});

describe('sanitizeAwarenessUpdate', () => {
  it('keeps admitted entries and drops the others', () => {
    const { update, ids } = updateOf({ focus: 1 }, { focus: 2 });
    const states = applied(sanitizeAwarenessUpdate(update, rules((id) => id === ids[0])));
    expect(states.get(ids[0]!)).toMatchObject({ focus: 1 });
    expect(states.has(ids[1]!)).toBe(false);
  });

  it('replaces the claimed identity with the session user, keeping a short colour', () => {
    const { update, ids } = updateOf({ user: { id: 'u_admin', name: '管理员', color: '#f00' }, focus: 'x' });
    const states = applied(sanitizeAwarenessUpdate(update, rules()));
    expect(states.get(ids[0]!)).toEqual({ user: { id: 'u_zhang', name: '张三', color: '#f00' }, focus: 'x' });
  });

  it('drops oversized and non-object states without admitting them', () => {
    const admitted: number[] = [];
    const { update, ids } = updateOf({ blob: 'x'.repeat(2000) }, { ok: true });
    const states = applied(sanitizeAwarenessUpdate(update, rules((id) => admitted.push(id) > 0)));
    expect(admitted).toEqual([ids[1]]);
    expect(states.has(ids[0]!)).toBe(false);
  });

  it('measures a state in bytes, as Chinese text takes three per character', () => {
    const { update, ids } = updateOf({ note: '字'.repeat(500) }, { note: '字'.repeat(300) });
    const states = applied(sanitizeAwarenessUpdate(update, rules()));
    expect(states.has(ids[0]!)).toBe(false); // 512 characters, 1,513 bytes
    expect(states.get(ids[1]!)).toMatchObject({ note: '字'.repeat(300) });
  });

  it('returns null when nothing is left and rejects malformed bytes', () => {
    const { update } = updateOf({ focus: 1 });
    expect(sanitizeAwarenessUpdate(update, rules(() => false))).toBeNull();
    expect(() => sanitizeAwarenessUpdate(new Uint8Array([5, 1]), rules())).toThrow(ProtocolError);
  });
});
