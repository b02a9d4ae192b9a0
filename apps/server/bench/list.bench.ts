/**
 * Project list benchmark: 10,000 projects over 200 units (SQLite in a temp dir, and PostgreSQL
 * when JIXIAO_TEST_PG_URL is set); times the first page, a deep page, a name search and a year
 * filter as a region-wide viewer sees them (p50 / p95 of 30 runs each).
 */
import { type Actor, searchProjects } from '@jixiao/core';
import type { DbHandle } from '@jixiao/db';
import { migrateWithoutAuth } from '@jixiao/db/testing';
import { onEachDatabase, time } from './bench-db.ts';

const PROJECTS = 10_000;
const UNITS = 200;
const RUNS = 30;

async function seed(handle: DbHandle): Promise<Actor> {
  const { db } = handle;
  await migrateWithoutAuth(db);
  const at = new Date().toISOString();
  await db.insertInto('unit').values({ id: 'u_root', name: '自治区医疗保障局', kind: 'department', level: 'region', parent_id: null, created_at: at }).execute();
  const units = Array.from({ length: UNITS }, (_, i) => ({
    id: `u_${i}`,
    name: `第${i}县医疗保障局`,
    kind: 'department' as const,
    level: 'county' as const,
    parent_id: 'u_root',
    created_at: at,
  }));
  await db.insertInto('unit').values(units).execute();
  for (let start = 0; start < PROJECTS; start += 500) {
    const rows = Array.from({ length: 500 }, (_, k) => {
      const i = start + k;
      return {
        id: `p_${i}`,
        unit_id: `u_${i % UNITS}`,
        name: `${['医疗救助', '基金监管', '信息化建设', '经办服务'][i % 4]}项目${i}`,
        year: 2020 + (i % 7),
        kind: 'target' as const,
        created_by: null,
        created_at: at,
      };
    });
    await db.insertInto('project').values(rows).execute();
  }
  return { user: { id: 'viewer', email: 'v@x', name: 'v' }, memberships: [{ unitId: 'u_root', unitName: '自治区', unitKind: 'department', role: 'reviewer' }] };
}

await onEachDatabase('jx-list-', async (handle, name) => {
  const actor = await seed(handle);
  console.log(`\nproject list, ${PROJECTS} projects over ${UNITS} units, on ${name}`);
  const lines = [
    await time('first page (50, newest year first)', RUNS, () => searchProjects(handle.db, actor, {})),
    await time('page 150 of 200', RUNS, () => searchProjects(handle.db, actor, { page: 150 })),
    await time('search "信息化" by name', RUNS, () => searchProjects(handle.db, actor, { q: '信息化' })),
    await time('year 2024, sorted by name', RUNS, () => searchProjects(handle.db, actor, { year: 2024, sort: 'name' })),
  ];
  for (const l of lines) console.log(l);
});
