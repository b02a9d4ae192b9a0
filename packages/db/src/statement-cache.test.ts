import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.ts';

function counted() {
  const db = new SQLite(':memory:');
  let prepared = 0;
  const counting = {
    prepare(sql: string) {
      prepared++;
      return db.prepare(sql);
    },
    close: () => db.close(),
  };
  return { db, cached: withStatementCache(counting, 2), prepared: () => prepared };
}

describe('statement cache', () => {
  it('prepares a statement once and reuses it', () => {
    const { cached, prepared } = counted();
    const a = cached.prepare('select 1 as x');
    expect(cached.prepare('select 1 as x')).toBe(a);
    expect(prepared()).toBe(1);
    cached.close();
  });

  it('drops the least recently used statement past its capacity', () => {
    const { cached, prepared } = counted();
    const one = cached.prepare('select 1');
    cached.prepare('select 2');
    cached.prepare('select 1'); // 1 is now the most recent
    cached.prepare('select 3'); // drops 2
    expect(cached.prepare('select 1')).toBe(one);
    expect(prepared()).toBe(3);
    cached.prepare('select 2');
    expect(prepared()).toBe(4);
    cached.close();
  });

  it('gives a caller its own statement while the kept one is still iterating', () => {
    const { db, cached } = counted();
    db.exec('create table t (n integer); insert into t values (1), (2), (3)');
    const first = cached.prepare('select n from t order by n') as unknown as SQLite.Statement;
    const rows = first.iterate();
    expect((rows.next().value as { n: number }).n).toBe(1);
    const second = cached.prepare('select n from t order by n') as unknown as SQLite.Statement;
    expect(second).not.toBe(first);
    expect(second.all()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...rows].map((r) => (r as { n: number }).n)).toEqual([2, 3]);
    cached.close();
  });
});
