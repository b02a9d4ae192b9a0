/** Who sees a table's comments and may be @mentioned: exactly those projectAccess lets in. */
import type { Role } from '@jixiao/db';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../actor.ts';
import { type UnitGraph, canChangeComment, canComment, canResolveThread, projectAccess, unitsSeeing } from '../policy.ts';

const graph: UnitGraph = {
  parent: new Map<string, string | null>([
    ['region', null],
    ['city', 'region'],
    ['county', 'city'],
    ['city2', 'region'],
    ['other', null],
    ['finance', null],
    ['cityFinance', 'finance'],
    ['countyFinance', null],
  ]),
  oversees: new Map([
    ['finance', ['region']],
    ['cityFinance', ['city2']],
    ['countyFinance', ['county']],
  ]),
  kinds: new Map([['finance', 'finance'], ['cityFinance', 'finance'], ['countyFinance', 'finance']]),
};

const member = (unitId: string, role: Role = 'reviewer'): Actor => ({
  user: { id: `u_${unitId}`, email: `${unitId}@x.test`, name: unitId },
  memberships: [{ unitId, unitName: unitId, unitKind: 'department', role }],
});

describe('unitsSeeing', () => {
  it('is the mirror of projectAccess for every unit pair', () => {
    const units = [...graph.parent.keys()];
    for (const projectUnit of units) {
      const seeing = unitsSeeing(graph, projectUnit);
      for (const unit of units) {
        expect(seeing.has(unit), `${unit} sees ${projectUnit}`).toBe(projectAccess(member(unit), graph, projectUnit) !== 'none');
      }
    }
  });

  it('lists the chain up and the bureaus overseeing it', () => {
    expect([...unitsSeeing(graph, 'county')].sort()).toEqual(['city', 'county', 'countyFinance', 'finance', 'region']);
    expect([...unitsSeeing(graph, 'city2')].sort()).toEqual(['city2', 'cityFinance', 'finance', 'region']);
    expect([...unitsSeeing(graph, 'nowhere')]).toEqual([]);
  });
});

describe('comment policy', () => {
  it('anyone who sees the table comments and resolves; only the author changes a comment', () => {
    expect(canComment('edit') && canComment('read')).toBe(true);
    expect(canComment('none')).toBe(false);
    expect(canResolveThread('read')).toBe(true);
    expect(canResolveThread('none')).toBe(false);
    const a = member('region');
    expect(canChangeComment(a, a.user.id)).toBe(true);
    expect(canChangeComment(a, 'someone-else')).toBe(false);
    expect(canChangeComment({ ...member('region', 'admin') }, 'someone-else')).toBe(false);
  });
});
