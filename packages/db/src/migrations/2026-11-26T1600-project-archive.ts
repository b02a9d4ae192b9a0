/**
 * Deleting a table archives it (recoverable by an admin): when and by whom. One live table per
 * unit, year, kind and name (an archived one does not block a new one). The list's common path
 * (visible units, newest year first) gets an index. Frozen: never import app types.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('project').addColumn('archived_at', 'text').execute();
  await db.schema.alterTable('project').addColumn('archived_by', 'text').execute();
  await db.schema.createIndex('project_list_idx').on('project').columns(['year desc', 'name', 'id']).execute();
  await db.schema.dropIndex('project_unit_year_kind_name_uq').execute();
  await db.schema
    .createIndex('project_live_name_uq')
    .on('project')
    .columns(['unit_id', 'year', 'kind', 'name'])
    .unique()
    .where(sql.ref('archived_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('project_live_name_uq').execute();
  await db.schema.createIndex('project_unit_year_kind_name_uq').on('project').columns(['unit_id', 'year', 'kind', 'name']).unique().execute();
  await db.schema.dropIndex('project_list_idx').execute();
  await db.schema.alterTable('project').dropColumn('archived_by').execute();
  await db.schema.alterTable('project').dropColumn('archived_at').execute();
}
