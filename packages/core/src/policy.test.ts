import type { Role, UnitKind } from '@jixiao/db';
import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import {
  type UnitGraph,
  administeredUnits,
  canCreateProject,
  isAdmin,
  projectAccess,
  subtree,
  visibleUnits,
} from './policy.ts';

/**
 *   region ─┬─ city ── county
 *           └─ city2
 *   other (unrelated department)
 *   finance (oversees region)      cityFinance (oversees city2 only)
 */
const graph: UnitGraph = {
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
  kinds: new Map([['finance', 'finance'], ['cityFinance', 'finance'], ['countyFinance', 'finance']]),
};

function actor(...memberships: Array<[unitId: string, role: Role]>): Actor {
  return {
    user: { id: 'u1', email: 'u1@x.test', name: 'u1' },
    memberships: memberships.map(([unitId, role]) => ({
      unitId,
      role,
      unitName: unitId,
      unitKind: (unitId.toLowerCase().includes('finance') ? 'finance' : 'department') as UnitKind,
    })),
  };
}

const sorted = (s: Set<string>) => [...s].sort();

describe('subtree', () => {
  it('is a unit and everything below it', () => {
    expect(sorted(subtree(graph, 'region'))).toEqual(['city', 'city2', 'county', 'region']);
    expect(sorted(subtree(graph, 'city'))).toEqual(['city', 'county']);
    expect(sorted(subtree(graph, 'county'))).toEqual(['county']);
  });

  it('is empty for an unknown unit and survives a cycle', () => {
    expect(subtree(graph, 'nope').size).toBe(0);
    const cyclic: UnitGraph = { parent: new Map([['a', 'b'], ['b', 'a']]), oversees: new Map(), kinds: new Map() };
    expect(sorted(subtree(cyclic, 'a'))).toEqual(['a', 'b']);
  });
});

describe('visibleUnits', () => {
  it('covers the own unit and every unit below, not those above or beside', () => {
    expect(sorted(visibleUnits(actor(['city', 'reviewer']), graph))).toEqual(['city', 'county']);
    expect(sorted(visibleUnits(actor(['region', 'editor']), graph))).toEqual(['city', 'city2', 'county', 'region']);
  });

  it('extends a finance bureau to the units it oversees and their subtrees', () => {
    expect(sorted(visibleUnits(actor(['finance', 'reviewer']), graph))).toEqual([
      'city',
      'city2',
      'cityFinance',
      'county',
      'finance',
      'region',
    ]);
    expect(sorted(visibleUnits(actor(['cityFinance', 'approver']), graph))).toEqual(['city2', 'cityFinance']);
  });

  it('unions several memberships and is empty without any', () => {
    expect(sorted(visibleUnits(actor(['county', 'editor'], ['other', 'reviewer']), graph))).toEqual(['county', 'other']);
    expect(visibleUnits(actor(), graph).size).toBe(0);
  });
});

describe('projectAccess', () => {
  it('lets only editors of the implementing unit edit', () => {
    expect(projectAccess(actor(['city', 'editor']), graph, 'city')).toBe('edit');
    for (const role of ['reviewer', 'approver', 'admin'] as const) {
      expect(projectAccess(actor(['city', role]), graph, 'city'), role).toBe('read');
    }
  });

  it('gives editors of a parent unit read access only', () => {
    expect(projectAccess(actor(['region', 'editor']), graph, 'county')).toBe('read');
    expect(projectAccess(actor(['region', 'editor']), graph, 'region')).toBe('edit');
  });

  it('gives finance oversight read access, never edit', () => {
    expect(projectAccess(actor(['finance', 'editor']), graph, 'region')).toBe('read');
    expect(projectAccess(actor(['finance', 'reviewer']), graph, 'county')).toBe('read');
    expect(projectAccess(actor(['cityFinance', 'reviewer']), graph, 'city2')).toBe('read');
    expect(projectAccess(actor(['cityFinance', 'reviewer']), graph, 'city')).toBe('none');
  });

  it('denies units below, beside and unrelated', () => {
    expect(projectAccess(actor(['county', 'editor']), graph, 'city')).toBe('none');
    expect(projectAccess(actor(['city', 'editor']), graph, 'city2')).toBe('none');
    expect(projectAccess(actor(['other', 'admin']), graph, 'region')).toBe('none');
    expect(projectAccess(actor(), graph, 'region')).toBe('none');
    expect(projectAccess(actor(['region', 'editor']), graph, 'unknown')).toBe('none');
  });

  it('takes the strongest of several memberships', () => {
    expect(projectAccess(actor(['region', 'reviewer'], ['county', 'editor']), graph, 'county')).toBe('edit');
    expect(projectAccess(actor(['region', 'reviewer'], ['county', 'editor']), graph, 'city')).toBe('read');
  });
});

describe('canCreateProject', () => {
  it('is for editors of that very unit', () => {
    expect(canCreateProject(actor(['city', 'editor']), 'city')).toBe(true);
    expect(canCreateProject(actor(['region', 'editor']), 'city')).toBe(false);
    expect(canCreateProject(actor(['city', 'admin']), 'city')).toBe(false);
  });
});

describe('administeredUnits', () => {
  it('is the subtree of every unit where the actor is admin', () => {
    expect(sorted(administeredUnits(actor(['city', 'admin']), graph))).toEqual(['city', 'county']);
    expect(sorted(administeredUnits(actor(['city', 'admin'], ['other', 'admin']), graph))).toEqual([
      'city',
      'county',
      'other',
    ]);
  });

  it('ignores other roles and does not extend through oversight', () => {
    expect(administeredUnits(actor(['region', 'editor'], ['region', 'approver']), graph).size).toBe(0);
    expect(sorted(administeredUnits(actor(['finance', 'admin']), graph))).toEqual(['cityFinance', 'finance']);
    expect(isAdmin(actor(['finance', 'admin']))).toBe(true);
    expect(isAdmin(actor(['finance', 'reviewer']))).toBe(false);
  });
});
