import { type DbHandle, connect } from '@jixiao/db';
import { migrateWithoutAuth, testDatabases } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor.ts';
import { AppError } from '../errors.ts';
import type { Role } from '@jixiao/db';
import { publishedTable } from '../workflow/publication.ts';
import { getProject, getProjects } from './project-view.ts';

function actor(unitId: string, role: Role): Actor {
  return {
    user: { id: `user_${unitId}_${role}`, email: `${unitId}.${role}@x.test`, name: `${unitId}-${role}` },
    memberships: [{ unitId, unitName: unitId, unitKind: 'department', role }],
  };
}

/** What getProject gives for one id: the view, or the thrown AppError's code. */
async function single(handle: DbHandle, who: Actor, id: string) {
  try {
    return await getProject(handle.db, who, id);
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

describe.each(testDatabases())('getProjects on $name', (database) => {
  let handle: DbHandle;
  let drop: () => Promise<void>;
  const IDS = ['p_a1', 'p_a2', 'p_b', 'p_gone', 'p_none'];

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    handle = connect(created.url);
    await migrateWithoutAuth(handle.db);
    const at = new Date().toISOString();
    await handle.db
      .insertInto('unit')
      .values([
        { id: 'u_a', name: '甲局', kind: 'department', level: 'region', parent_id: null, created_at: at },
        { id: 'u_b', name: '乙局', kind: 'department', level: 'region', parent_id: null, created_at: at },
      ])
      .execute();
    const project = (id: string, unitId: string, archived = false) => ({
      id,
      unit_id: unitId,
      name: id,
      year: 2026,
      kind: 'target' as const,
      created_by: null,
      created_at: at,
      archived_at: archived ? at : null,
    });
    await handle.db
      .insertInto('project')
      .values([project('p_a1', 'u_a'), project('p_a2', 'u_a'), project('p_b', 'u_b'), project('p_gone', 'u_a', true)])
      .execute();
  });

  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  it('answers several projects in one call, each as getProject would: its view, or 404, 403 and 410 as errors', async () => {
    for (const who of [actor('u_a', 'editor'), actor('u_a', 'reviewer'), actor('u_b', 'editor')]) {
      const many = await getProjects(handle.db, who, IDS);
      expect([...many.keys()]).toEqual(IDS);
      for (const id of IDS) {
        const got = many.get(id);
        expect(got instanceof AppError ? got.code : got).toEqual(await single(handle, who, id));
      }
    }
    const editorA = await getProjects(handle.db, actor('u_a', 'editor'), IDS);
    const outcome = (id: string) => {
      const got = editorA.get(id)!;
      return got instanceof AppError ? got.code : got.access;
    };
    expect(IDS.map(outcome)).toEqual(['edit', 'edit', 'FORBIDDEN', 'PROJECT_ARCHIVED', 'PROJECT_NOT_FOUND']);
    // a reviewer reads a draft of their unit; nobody edits it but the unit's editors
    expect((await getProjects(handle.db, actor('u_a', 'reviewer'), ['p_a1'])).get('p_a1')).toMatchObject({ access: 'read' });
  });

  it('takes an id holding a NUL for an unknown project (PostgreSQL refuses a NUL in text: was a 500)', async () => {
    const who = actor('u_a', 'editor');
    expect(await single(handle, who, 'p_a1\u0000')).toBe('PROJECT_NOT_FOUND');
    const many = await getProjects(handle.db, who, ['p_a1', '\u0000']);
    expect(many.get('p_a1')).toMatchObject({ access: 'edit' });
    expect((many.get('\u0000') as AppError).code).toBe('PROJECT_NOT_FOUND');
    await expect(publishedTable(handle.db, 'p_a1\u0000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
