/**
 * Sign-off counts for a page of the project list. Counting signed / stale / missing needs each
 * table's current indicators (how many there are, and whether the signed content still matches),
 * which live in the documents, not in SQL: so this reads the documents of the page's projects
 * only (≤ 200, 50 by default), never those of the other thousands. Access is the caller's:
 * searchProjects has already decided what the actor sees.
 *
 * Reading a document costs a few milliseconds (decoding its updates), fifty of them far more
 * than the rest of a page: each project's indicators and their content hashes are kept in a
 * bounded in-process cache, keyed by what is stored (the snapshot's `upto`, the last logged
 * update's id and the log's length), which one grouped query reads for the whole page. A
 * document that changed since, in this process or another, has another key and is read again;
 * so the counts are always those of the stored content, and the list stays fast for tables
 * that did not change (bench/list-signoffs.bench.ts).
 */
import type { Database, Kysely } from '@jixiao/db';
import { type TableJSON, TableDoc } from '@jixiao/table';
import * as Y from 'yjs';
import { loadManyDocUpdates } from '../projects/read-table.ts';
import { type SignoffTarget, contentHash, signedContent, targetKey } from './signed-content.ts';
import type { SignoffCounts } from './signoffs.ts';

export async function signoffCountsOf(db: Kysely<Database>, projectIds: readonly string[]): Promise<Map<string, SignoffCounts>> {
  const out = new Map<string, SignoffCounts>();
  if (!projectIds.length) return out;
  const ids = [...new Set(projectIds)];
  const [digests, rows] = await Promise.all([
    indicatorDigests(db, ids),
    db
      .selectFrom('signoff')
      .select(['project_id', 'target', 'content_hash'])
      .where('project_id', 'in', ids)
      .where('revoked_at', 'is', null)
      .where('target_kind', '=', 'indicator')
      .execute(),
  ]);
  const signed = new Map<string, Map<string, Set<string>>>();
  for (const r of rows) {
    const byTarget = signed.get(r.project_id) ?? new Map<string, Set<string>>();
    byTarget.set(r.target, (byTarget.get(r.target) ?? new Set()).add(r.content_hash));
    signed.set(r.project_id, byTarget);
  }
  for (const id of ids) {
    const counts: SignoffCounts = { signed: 0, stale: 0, missing: 0 };
    const byTarget = signed.get(id);
    for (const { target, hash } of digests.get(id) ?? []) {
      const hashes = byTarget?.get(target);
      counts[!hashes ? 'missing' : hashes.has(hash) ? 'signed' : 'stale']++;
    }
    out.set(id, counts);
  }
  return out;
}

/** An indicator of a table as the counts need it: its part name and the hash of its content. */
interface IndicatorDigest {
  target: string;
  hash: string;
}

const CACHE_LIMIT = 5_000;
type Cache = Map<string, { key: string; digests: IndicatorDigest[] }>;
/**
 * Per database (a process may hold several: tests, benches): project id → the stored-state key
 * the digests were computed for, and the digests; oldest first (LRU).
 */
const caches = new WeakMap<Kysely<Database>, Cache>();

/** Testing aid: forget the digests cached for a database. */
export function clearSignoffCountsCache(db: Kysely<Database>): void {
  caches.get(db)?.clear();
}

async function indicatorDigests(db: Kysely<Database>, ids: string[]): Promise<Map<string, IndicatorDigest[]>> {
  const [snaps, logs] = await Promise.all([
    db.selectFrom('doc_snapshot').select(['project_id', 'upto']).where('project_id', 'in', ids).execute(),
    db
      .selectFrom('doc_update')
      .select((eb) => ['project_id', eb.fn.max('id').as('last'), eb.fn.countAll().as('n')])
      .where('project_id', 'in', ids)
      .groupBy('project_id')
      .execute(),
  ]);
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const upto = new Map(snaps.map((s) => [s.project_id, Number(s.upto)]));
  const log = new Map(logs.map((l) => [l.project_id, `${Number(l.last)}:${Number(l.n)}`]));
  const out = new Map<string, IndicatorDigest[]>();
  const misses: string[] = [];
  const keys = new Map<string, string>();
  for (const id of ids) {
    const key = `${upto.get(id) ?? '-'}:${log.get(id) ?? '-'}`;
    keys.set(id, key);
    const hit = cache.get(id);
    if (hit && hit.key === key) {
      cache.delete(id);
      cache.set(id, hit);
      out.set(id, hit.digests);
    } else {
      misses.push(id);
    }
  }
  if (!misses.length) return out;
  const tables = await loadTables(db, misses);
  for (const id of misses) {
    const table = tables.get(id);
    const digests = table ? digestsOf(table) : [];
    out.set(id, digests);
    // a key read before the documents: should an update land in between, the next read's key
    // differs and the document is read again, never counted from an older cached state
    cache.delete(id);
    cache.set(id, { key: keys.get(id)!, digests });
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  }
  return out;
}

function digestsOf(table: TableJSON): IndicatorDigest[] {
  return table.indicators.flatMap((row) => {
    if (!row.id) return [];
    const target: SignoffTarget = { kind: 'indicator', indicatorId: row.id };
    // a one-row table: the same content signedContent gives, without searching every row
    const content = signedContent({ ...table, indicators: [row] }, target);
    return content ? [{ target: targetKey(target), hash: contentHash(content) }] : [];
  });
}

/** The tables of several projects (loadManyDocUpdates). An update Yjs cannot read is skipped. */
async function loadTables(db: Kysely<Database>, ids: string[]): Promise<Map<string, TableJSON>> {
  const out = new Map<string, TableJSON>();
  for (const [id, stored] of await loadManyDocUpdates(db, ids)) {
    if (stored.updates.length) out.set(id, tableOf(stored.updates));
  }
  return out;
}

function tableOf(updates: Uint8Array[]): TableJSON {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const u of updates) {
        try {
          Y.applyUpdate(doc, u);
        } catch {
          // unreadable: skipped, as readTable does
        }
      }
    });
    return new TableDoc(doc).toJSON();
  } finally {
    doc.destroy();
  }
}
