/**
 * The approval workflow. A definition is assigned to a unit's subtree (all units when null), a
 * year and a table kind (any when null); its stages live in numbered, immutable versions, and a
 * table in flight keeps the version it started with. Each table's state is one row, changed only
 * by a conditional update against its `version`. Every transition stores the document as it
 * was (a version of the table). Frozen: never import app types.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const blob = isPg ? sql`bytea` : sql`blob`;
  await db.schema
    .createTable('workflow')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.references('unit.id'))
    .addColumn('year', 'integer')
    .addColumn('kind', 'text')
    .addColumn('created_by', 'text', (c) => c.references('user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .execute();

  await db.schema
    .createTable('workflow_version')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workflow_id', 'text', (c) => c.notNull().references('workflow.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    /** JSON array of stages (packages/core workflow/definition.ts) */
    .addColumn('stages', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('workflow_version_uq', ['workflow_id', 'version'])
    .execute();

  await db.schema
    .createTable('project_workflow')
    .addColumn('project_id', 'text', (c) => c.primaryKey().references('project.id'))
    .addColumn('workflow_version_id', 'text', (c) => c.notNull().references('workflow_version.id'))
    .addColumn('stage_id', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('draft', 'review', 'approved', 'published')`),
    )
    /** bumped by every transition; actions name the version they saw */
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.references('user.id'))
    /** whether anyone acted since the last submission (a submitter may withdraw until then) */
    .addColumn('acted_since_submit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_action', 'text')
    .addColumn('return_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('project_workflow_stage_idx').on('project_workflow').columns(['status', 'stage_id']).execute();

  await db.schema
    .createTable('table_version')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('project.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('stage_id', 'text')
    .addColumn('stage_name', 'text')
    .addColumn('by_user', 'text', (c) => c.references('user.id'))
    .addColumn('reason', 'text')
    /** the table as JSON (what diffs, exports and the public page read) */
    .addColumn('content', 'text', (c) => c.notNull())
    /** the Yjs state, to restore from exactly */
    .addColumn('state', blob, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('table_version_uq', ['project_id', 'seq'])
    .execute();

  // notifications of workflow steps carry what happened (action, stage, reason, by) as JSON
  await db.schema.alterTable('notification').addColumn('data', 'text').execute();

  // audit gains where an action came from
  await db.schema.alterTable('audit').addColumn('ip', 'text').execute();
  await db.schema.alterTable('audit').addColumn('user_agent', 'text').execute();
  await db.schema.createIndex('audit_at_idx').on('audit').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_at_idx').execute();
  await db.schema.alterTable('notification').dropColumn('data').execute();
  await db.schema.alterTable('audit').dropColumn('user_agent').execute();
  await db.schema.alterTable('audit').dropColumn('ip').execute();
  for (const t of ['table_version', 'project_workflow', 'workflow_version', 'workflow']) await db.schema.dropTable(t).execute();
}
