import type { Role, UnitKind } from '@jixiao/db';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../actor.ts';
import { type UnitGraph, canRevokeSignoff, signoffMembership } from '../policy.ts';

/**
 *   region ─┬─ city ── county          finance (oversees region)
 *           └─ city2                   cityFinance (oversees city2 only)
 *   other (unrelated department)
 */
const graph = {
  parent: new Map<string, string | null>([
    ['region', null],
    ['city', 'region'],
    ['county', 'city'],
    ['city2', 'region'],
    ['other', null],
    ['finance', null],
    ['cityFinance', 'finance'],
  ]),
  oversees: new Map([
    ['finance', ['region']],
    ['cityFinance', ['city2']],
  ]),
  kinds: new Map<string, UnitKind>([
    ['finance', 'finance'],
    ['cityFinance', 'finance'],
  ]),
} as UnitGraph;

function actor(...memberships: Array<[unitId: string, role: Role]>): Actor {
  return {
    user: { id: 'u1', email: 'u1@x.test', name: 'u1' },
    memberships: memberships.map(([unitId, role]) => ({ unitId, unitName: unitId, unitKind: 'department' as UnitKind, role })),
  };
}

describe('who signs off a table of a unit', () => {
  it('reviewers and approvers of the unit, the units above it and the finance bureaus overseeing those', () => {
    const signs = (unitId: string, role: Role, projectUnit = 'county') => signoffMembership(actor([unitId, role]), graph, projectUnit)?.unitId ?? null;
    for (const role of ['reviewer', 'approver'] as const) {
      expect(signs('county', role)).toBe('county');
      expect(signs('city', role)).toBe('city');
      expect(signs('region', role)).toBe('region');
      expect(signs('finance', role)).toBe('finance');
      // not a sibling's, a subordinate's, an unrelated unit's or another bureau's
      expect(signs('city2', role)).toBeNull();
      expect(signs('county', role, 'city')).toBeNull();
      expect(signs('other', role)).toBeNull();
      expect(signs('cityFinance', role)).toBeNull();
      expect(signs('cityFinance', role, 'city2')).toBe('cityFinance');
    }
    for (const role of ['editor', 'admin'] as const) {
      expect(signs('county', role)).toBeNull();
      expect(signs('region', role)).toBeNull();
      expect(signs('finance', role)).toBeNull();
    }
  });

  it('acts as approver before reviewer when holding both', () => {
    expect(signoffMembership(actor(['region', 'reviewer'], ['finance', 'approver']), graph, 'city')).toMatchObject({ unitId: 'finance', role: 'approver' });
    expect(signoffMembership(actor(['region', 'editor'], ['region', 'reviewer']), graph, 'city')).toMatchObject({ unitId: 'region', role: 'reviewer' });
  });

  it('revokes: the signer, or an admin of the unit the signer acted for (or above it)', () => {
    const signoff = { userId: 'signer', unitId: 'city' };
    expect(canRevokeSignoff({ ...actor(), user: { id: 'signer', email: 's@x', name: 's' } }, graph, signoff)).toBe(true);
    expect(canRevokeSignoff(actor(['city', 'admin']), graph, signoff)).toBe(true);
    expect(canRevokeSignoff(actor(['region', 'admin']), graph, signoff)).toBe(true);
    expect(canRevokeSignoff(actor(['county', 'admin']), graph, signoff)).toBe(false);
    expect(canRevokeSignoff(actor(['finance', 'admin']), graph, signoff)).toBe(false);
    expect(canRevokeSignoff(actor(['city', 'reviewer'], ['city', 'approver']), graph, signoff)).toBe(false);
  });
});
