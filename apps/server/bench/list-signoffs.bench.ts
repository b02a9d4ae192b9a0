/**
 * Project list with documents: what the sign-off counts add to a page. 10,000 projects, each
 * with a stored table (the largest seed table, 40-odd indicators, plus a tail of 20 small logged
 * updates), a third of the first page's indicators signed off; times the first page as a
 * region-wide viewer sees it (documents unchanged since the last visit, and cold: every
 * document read and decoded), and the counts alone (SQLite in a temp dir, and PostgreSQL when
 * JIXIAO_TEST_PG_URL is set). The plain list bench (list.bench.ts) has no documents.
 */
import { readFileSync } from 'node:fs';
import { type Actor, SEED_DIR, clearSignoffCountsCache, contentHash, searchProjects, signedContent, signoffCountsOf } from '@jixiao/core';
import type { DbHandle } from '@jixiao/db';
import { migrateWithoutAuth } from '@jixiao/db/testing';
import { onEachDatabase, time } from './bench-db.ts';
import { TableDoc, importPublishedText } from '@jixiao/table';
import * as Y from 'yjs';

const PROJECTS = 10_000;
const UNITS = 200;
const RUNS = 30;

function biggestSeedTable() {
  const tables = importPublishedText(readFileSync(new URL('000_547459f560d0e71d.txt', SEED_DIR), 'utf8')).tables.map((t) => t.table);
  return tables.sort((a, b) => b.indicators.length - a.indicators.length)[0]!;
}

async function seed(handle: DbHandle): Promise<Actor> {
  const { db } = handle;
  await migrateWithoutAuth(db);
  const at = new Date().toISOString();
  await db.insertInto('user').values({ id: 'signer', name: '签署人', email: 's@x' }).execute();
  await db.insertInto('unit').values({ id: 'u_root', name: '自治区医疗保障局', kind: 'department', level: 'region', parent_id: null, created_at: at }).execute();
  await db
    .insertInto('unit')
    .values(Array.from({ length: UNITS }, (_, i) => ({ id: `u_${i}`, name: `第${i}县医疗保障局`, kind: 'department' as const, level: 'county' as const, parent_id: 'u_root', created_at: at })))
    .execute();
  // one document: the seed table, then 20 small edits logged after it
  const doc = new Y.Doc();
  const t = new TableDoc(doc);
  t.load(biggestSeedTable());
  const base = Y.encodeStateAsUpdate(doc);
  const tail: Uint8Array[] = [];
  for (let k = 0; k < 20; k++) {
    const sv = Y.encodeStateVector(doc);
    const row = t.indicators()[k % t.indicators().length]!;
    t.rowText(row.id, 'remark')!.insert(0, `${k}`);
    tail.push(Y.encodeStateAsUpdate(doc, sv));
  }
  const table = t.toJSON();
  for (let start = 0; start < PROJECTS; start += 250) {
    const ids = Array.from({ length: 250 }, (_, k) => start + k);
    await db
      .insertInto('project')
      .values(
        ids.map((i) => ({
          id: `p_${i}`,
          unit_id: `u_${i % UNITS}`,
          name: `${['医疗救助', '基金监管', '信息化建设', '经办服务'][i % 4]}项目${i}`,
          year: 2020 + (i % 7),
          kind: 'target' as const,
          created_by: null,
          created_at: at,
        })),
      )
      .execute();
    await db.insertInto('doc_update').values(ids.map((i) => ({ project_id: `p_${i}`, data: base }))).execute();
    for (const u of tail) await db.insertInto('doc_update').values(ids.map((i) => ({ project_id: `p_${i}`, data: u }))).execute();
    // a third of the indicators signed off in every project
    const signoffs = ids.flatMap((i) =>
      table.indicators
        .filter((_, k) => k % 3 === 0)
        .map((row) => {
          const content = signedContent(table, { kind: 'indicator', indicatorId: row.id! })!;
          return {
            id: `so_${i}_${row.id}`,
            project_id: `p_${i}`,
            target_kind: 'indicator' as const,
            target: `indicator:${row.id}`,
            user_id: 'signer',
            role: 'reviewer',
            unit_id: 'u_root',
            content_hash: contentHash(content),
            content: '{}',
            created_at: at,
            revoked_at: null,
            revoked_by: null,
          };
        }),
    );
    for (let s = 0; s < signoffs.length; s += 500) await db.insertInto('signoff').values(signoffs.slice(s, s + 500)).execute();
  }
  return { user: { id: 'viewer', email: 'v@x', name: 'v' }, memberships: [{ unitId: 'u_root', unitName: '自治区', unitKind: 'department', role: 'reviewer' }] };
}

await onEachDatabase('jx-list-so-', async (handle, name) => {
  const actor = await seed(handle);
  const firstPage = (await searchProjects(handle.db, actor, {})).items;
  console.log(`\nproject list with documents and sign-offs, ${PROJECTS} projects, on ${name}`);
  console.log(`  first page's counts: ${JSON.stringify(firstPage[0]?.signoffs)}`);
  const ids = firstPage.map((p) => p.id);
  const lines = [
    await time('first page (50), documents unchanged', RUNS, () => searchProjects(handle.db, actor, {})),
    await time('the counts of those 50 alone', RUNS, () => signoffCountsOf(handle.db, ids)),
    await time('first page, every document read (cold)', RUNS, () => {
      clearSignoffCountsCache(handle.db);
      return searchProjects(handle.db, actor, {});
    }),
  ];
  for (const l of lines) console.log(l);
});
