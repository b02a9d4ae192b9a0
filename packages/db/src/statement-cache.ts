/**
 * Prepared statements kept for reuse: Kysely's SQLite driver prepares every query it runs
 * (about 25 µs each with better-sqlite3), so a hot query such as the collaboration server's
 * group commit spent most of its time compiling the same few statements again. Statements are
 * kept by their SQL text, the least recently used dropped past `capacity`.
 */
import type { SqliteDatabase, SqliteStatement } from 'kysely';

interface Preparing {
  prepare(sql: string): SqliteStatement & { busy?: boolean };
  close(): void;
}

export function withStatementCache(db: Preparing, capacity = 256): SqliteDatabase {
  const cache = new Map<string, SqliteStatement & { busy?: boolean }>();
  return {
    prepare(sql: string): SqliteStatement {
      const kept = cache.get(sql);
      // a statement still iterating (a streamed query) cannot run again: that caller gets its own
      if (kept?.busy) return db.prepare(sql);
      if (kept) {
        cache.delete(sql);
        cache.set(sql, kept);
        return kept;
      }
      const stmt = db.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > capacity) cache.delete(cache.keys().next().value!);
      return stmt;
    },
    close(): void {
      cache.clear();
      db.close();
    },
  };
}
