/**
 * Integrity: foreign keys on membership.user_id (better-auth's "user", whose migration runs
 * first), doc_update.project_id and doc_snapshot.project_id; the indexes the admin and audit
 * look-ups need; one project per unit, year, kind and name; demo accounts marked as such.
 * Frozen: never import app types.
 *
 * SQLite cannot add a constraint to a table, so those tables are rebuilt (rows without a parent
 * are left behind, as the constraint would have refused them); PostgreSQL alters them in place.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';

const FKS = [
  { table: 'membership', column: 'user_id', parent: 'user' },
  { table: 'doc_update', column: 'project_id', parent: 'project' },
  { table: 'doc_snapshot', column: 'project_id', parent: 'project' },
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const blob = isPg ? sql`bytea` : sql`blob`;

  // a name taken twice before this constraint keeps its rows, renamed with the project id
  await sql`
    UPDATE project SET name = name || '（重复 ' || id || '）'
    WHERE id NOT IN (SELECT MIN(id) FROM project GROUP BY unit_id, year, kind, name)
  `.execute(db);
  await db.schema
    .createIndex('project_unit_year_kind_name_uq')
    .on('project')
    .columns(['unit_id', 'year', 'kind', 'name'])
    .unique()
    .execute();

  if (isPg) {
    for (const fk of FKS) {
      await sql`DELETE FROM ${sql.table(fk.table)} t WHERE NOT EXISTS
        (SELECT 1 FROM ${sql.table(fk.parent)} p WHERE p.id = t.${sql.ref(fk.column)})`.execute(db);
      await sql`ALTER TABLE ${sql.table(fk.table)} ADD CONSTRAINT ${sql.id(`${fk.table}_${fk.column}_fk`)}
        FOREIGN KEY (${sql.ref(fk.column)}) REFERENCES ${sql.table(fk.parent)} (id)
        ${fk.table === 'membership' ? sql`ON DELETE CASCADE` : sql``}`.execute(db);
    }
  } else {
    await rebuild(db, 'membership', (t) =>
      t
        .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('membership_pk', ['user_id', 'unit_id', 'role']),
      sql`user_id IN (SELECT id FROM "user")`,
    );
    await rebuild(db, 'doc_update', (t) =>
      t
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('project_id', 'text', (c) => c.notNull().references('project.id'))
        .addColumn('data', blob, (c) => c.notNull()),
      sql`project_id IN (SELECT id FROM project)`,
    );
    await db.schema.createIndex('doc_update_project_idx').on('doc_update').columns(['project_id', 'id']).execute();
    await rebuild(db, 'doc_snapshot', (t) =>
      t
        .addColumn('project_id', 'text', (c) => c.primaryKey().references('project.id'))
        .addColumn('data', blob, (c) => c.notNull())
        .addColumn('upto', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull()),
      sql`project_id IN (SELECT id FROM project)`,
    );
  }

  await db.schema.createIndex('membership_unit_idx').on('membership').column('unit_id').execute();
  await db.schema.createIndex('audit_target_idx').on('audit').column('target').execute();
  await db.schema.createIndex('audit_actor_at_idx').on('audit').columns(['actor_id', 'at']).execute();

  // accounts created by demo mode: refused (sessions dropped, password unusable) without it
  await db.schema
    .createTable('demo_account')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('user.id').onDelete('cascade'))
    .execute();
}

type TableBuilder = ReturnType<Kysely<unknown>['schema']['createTable']>;

/** SQLite: recreate a table with its new constraints and copy the rows that satisfy them. */
async function rebuild(
  db: Kysely<unknown>,
  table: string,
  define: (t: TableBuilder) => TableBuilder,
  keep: ReturnType<typeof sql>,
): Promise<void> {
  const next = `${table}__next`;
  await define(db.schema.createTable(next)).execute();
  await sql`INSERT INTO ${sql.table(next)} SELECT * FROM ${sql.table(table)} WHERE ${keep}`.execute(db);
  await db.schema.dropTable(table).execute();
  await db.schema.alterTable(next).renameTo(table).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('demo_account').execute();
  for (const index of ['audit_actor_at_idx', 'audit_target_idx', 'membership_unit_idx', 'project_unit_year_kind_name_uq']) {
    await db.schema.dropIndex(index).execute();
  }
  // the foreign keys stay: dropping them would need the same rebuild on SQLite for no gain
}
