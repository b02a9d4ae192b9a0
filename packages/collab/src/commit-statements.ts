/**
 * The INSERTs of a group commit, compiled by Kysely once per row count and run again with new
 * values: building and compiling a multi-row INSERT (a node per value) costs more than SQLite
 * takes to run it, and a busy server commits dozens of times a second. The SQL text is the
 * dialect's own (SQLite `?`, PostgreSQL `$n`); only the values change.
 *
 * On PostgreSQL the log rows and the attribution go in one statement (the log's INSERT as a
 * data-modifying WITH, atomic as any statement): one round trip per commit instead of four
 * (BEGIN, two INSERTs, COMMIT). SQLite has no INSERT inside WITH; it runs a transaction.
 */
import type { Database, Kysely, Transaction } from '@jixiao/db';
import { CompiledQuery, type OnConflictBuilder, PostgresAdapter } from 'kysely';

export interface UpdateRow {
  project_id: string;
  data: Uint8Array;
  user_id: string | null;
  received_at: string;
}

export interface ChangeRow {
  project_id: string;
  part: string;
  user_id: string;
  changed_at: string;
}

/** Templates kept per statement and row count; larger batches (an outage's backlog) compile each time. */
const MAX_TEMPLATE_ROWS = 64;

type Executor = Kysely<Database> | Transaction<Database>;

export class CommitStatements {
  private readonly sqlOf = new Map<string, string>();

  /** Whether `db` takes log rows and attribution in one statement (PostgreSQL). */
  static oneStatement(db: Kysely<Database>): boolean {
    return db.getExecutor().adapter instanceof PostgresAdapter;
  }

  insertUpdates(db: Executor, rows: UpdateRow[]): Promise<unknown> {
    return this.run(db, `update:${rows.length}`, rows.length, rows.flatMap(updateValues), () => db.insertInto('doc_update').values(rows).compile());
  }

  /** Who changed each part last: the row of a (project, part) is replaced. */
  upsertChanges(db: Executor, rows: ChangeRow[]): Promise<unknown> {
    return this.run(db, `change:${rows.length}`, rows.length, rows.flatMap(changeValues), () =>
      db.insertInto('part_change').values(rows).onConflict(lastWriterWins).compile(),
    );
  }

  /** Both in one statement; only where oneStatement() says so (a WITH holding an INSERT). */
  insertUpdatesAndChanges(db: Kysely<Database>, updates: UpdateRow[], changes: ChangeRow[]): Promise<unknown> {
    const values = [...updates.flatMap(updateValues), ...changes.flatMap(changeValues)];
    return this.run(db, `both:${updates.length}:${changes.length}`, Math.max(updates.length, changes.length), values, () =>
      db
        .with('logged', (w) => w.insertInto('doc_update').values(updates).returning('id'))
        .insertInto('part_change')
        .values(changes)
        .onConflict(lastWriterWins)
        .compile(),
    );
  }

  private run(db: Executor, key: string, rows: number, values: unknown[], compile: () => CompiledQuery): Promise<unknown> {
    const sql = this.sqlOf.get(key);
    if (sql !== undefined) return db.executeQuery(CompiledQuery.raw(sql, values));
    const query = compile();
    // kept only when Kysely binds the values in the order `values` lists them
    if (rows <= MAX_TEMPLATE_ROWS && sameValues(query.parameters, values)) this.sqlOf.set(key, query.sql);
    return db.executeQuery(query);
  }
}

const updateValues = (r: UpdateRow) => [r.project_id, r.data, r.user_id, r.received_at];
const changeValues = (r: ChangeRow) => [r.project_id, r.part, r.user_id, r.changed_at];

function lastWriterWins(oc: OnConflictBuilder<Database, 'part_change'>) {
  return oc.columns(['project_id', 'part']).doUpdateSet((eb) => ({
    user_id: eb.ref('excluded.user_id'),
    changed_at: eb.ref('excluded.changed_at'),
  }));
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
