/**
 * The INSERTs of a group commit, compiled by Kysely once per row count and run again with new
 * values: building and compiling a multi-row INSERT (a node per value) costs more than SQLite
 * takes to run it, and a busy server commits dozens of times a second. The SQL text is the
 * dialect's own (SQLite `?`, PostgreSQL `$n`); only the values change.
 */
import type { Database, Kysely, Transaction } from '@jixiao/db';
import { CompiledQuery } from 'kysely';

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

  insertUpdates(db: Executor, rows: UpdateRow[]): Promise<unknown> {
    return this.run(db, 'update', rows, (r) => [r.project_id, r.data, r.user_id, r.received_at], () =>
      db.insertInto('doc_update').values(rows).compile(),
    );
  }

  /** Who changed each part last: the row of a (project, part) is replaced. */
  upsertChanges(db: Executor, rows: ChangeRow[]): Promise<unknown> {
    return this.run(db, 'change', rows, (r) => [r.project_id, r.part, r.user_id, r.changed_at], () =>
      db
        .insertInto('part_change')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['project_id', 'part']).doUpdateSet((eb) => ({
            user_id: eb.ref('excluded.user_id'),
            changed_at: eb.ref('excluded.changed_at'),
          })),
        )
        .compile(),
    );
  }

  private run<R>(db: Executor, name: string, rows: R[], values: (row: R) => unknown[], compile: () => CompiledQuery): Promise<unknown> {
    const key = `${name}:${rows.length}`;
    const sql = this.sqlOf.get(key);
    if (sql !== undefined) return db.executeQuery(CompiledQuery.raw(sql, rows.flatMap(values)));
    const query = compile();
    // kept only when Kysely binds the values in the order `values` lists them
    if (rows.length <= MAX_TEMPLATE_ROWS && sameValues(query.parameters, rows.flatMap(values))) this.sqlOf.set(key, query.sql);
    return db.executeQuery(query);
  }
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
