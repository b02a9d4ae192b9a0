/**
 * Attribution and sign-off. Every stored document update names the user who sent it and when;
 * `part_change` keeps, per part of a table (an indicator by its stable id, a header section),
 * who changed it last, maintained by the collaboration server from the updates it applies.
 * A sign-off records the server-computed hash and the content it signed, so a later edit shows
 * it as stale with what changed. Frozen: never import app types.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // null for updates stored before attribution and for server-made ones (imports, seeds)
  await db.schema.alterTable('doc_update').addColumn('user_id', 'text').execute();
  await db.schema.alterTable('doc_update').addColumn('received_at', 'text').execute();

  await db.schema
    .createTable('part_change')
    .addColumn('project_id', 'text', (c) => c.notNull().references('project.id'))
    /** `indicator:<id>`, `section:basic`, `section:money`, `section:goal` */
    .addColumn('part', 'text', (c) => c.notNull())
    // a deleted user's attribution goes with them, never blocking a pending group commit
    .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('part_change_pk', ['project_id', 'part'])
    .execute();

  await db.schema
    .createTable('signoff')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('project.id'))
    .addColumn('target_kind', 'text', (c) => c.notNull().check(inList('target_kind', ['indicator', 'section', 'table'])))
    /** the part signed, named as in part_change (`indicator:<id>`, `section:<name>`) or `table` */
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user.id'))
    /** the role and unit the signer acted in */
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
    /** sha-256 of the canonical content, computed by the server from its copy of the document */
    .addColumn('content_hash', 'text', (c) => c.notNull())
    /** the signed content as canonical JSON, to show what changed since (old → new) */
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('user.id'))
    .execute();
  await db.schema.createIndex('signoff_project_idx').on('signoff').columns(['project_id', 'created_at']).execute();
  // one live sign-off per signer and target: signing twice is refused, not stored twice
  await db.schema
    .createIndex('signoff_live_uq')
    .on('signoff')
    .columns(['project_id', 'user_id', 'target'])
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();
}

function inList(column: string, values: string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('signoff').execute();
  await db.schema.dropTable('part_change').execute();
  await db.schema.alterTable('doc_update').dropColumn('received_at').execute();
  await db.schema.alterTable('doc_update').dropColumn('user_id').execute();
}
