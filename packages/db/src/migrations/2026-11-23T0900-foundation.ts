/** Units, memberships, projects, the Yjs update log and audit. Frozen: never import app types. */
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const blob = isPg ? sql`bytea` : sql`blob`;

  await db.schema
    .createTable('unit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('unit.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('unit_oversight')
    .addColumn('finance_unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addPrimaryKeyConstraint('unit_oversight_pk', ['finance_unit_id', 'unit_id'])
    .execute();
  await db.schema
    .createTable('membership')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('membership_pk', ['user_id', 'unit_id', 'role'])
    .execute();
  await db.schema
    .createTable('project')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('project_unit_idx').on('project').column('unit_id').execute();
  await db.schema
    .createTable('doc_update')
    .addColumn('id', isPg ? 'bigserial' : 'integer', (c) =>
      isPg ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('data', blob, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('doc_update_project_idx')
    .on('doc_update')
    .columns(['project_id', 'id'])
    .execute();
  await db.schema
    .createTable('doc_snapshot')
    .addColumn('project_id', 'text', (c) => c.primaryKey())
    .addColumn('data', blob, (c) => c.notNull())
    .addColumn('upto', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('audit')
    .addColumn('id', isPg ? 'bigserial' : 'integer', (c) =>
      isPg ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = ['audit', 'doc_snapshot', 'doc_update', 'project', 'membership', 'unit_oversight'];
  for (const t of [...tables, 'unit']) {
    await db.schema.dropTable(t).execute();
  }
}
