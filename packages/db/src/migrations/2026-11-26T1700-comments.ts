/**
 * The review loop's conversation: threads anchored to a part of a table (an indicator by its
 * stable id, a header field, or a range of the goal text as Yjs relative positions, opaque JSON
 * here), their comments, who a comment mentions, and each user's notifications.
 * Frozen: never import app types.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('thread')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('project.id'))
    .addColumn('anchor_kind', 'text', (c) => c.notNull().check(inList('anchor_kind', ['indicator', 'header', 'goal'])))
    .addColumn('indicator_id', 'text')
    .addColumn('header_field', 'text')
    /** JSON {start, end}: Yjs relative positions, base64 */
    .addColumn('goal_range', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(inList('status', ['open', 'resolved'])))
    .addColumn('created_by', 'text', (c) => c.notNull().references('user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'text', (c) => c.references('user.id'))
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema.createIndex('thread_project_idx').on('thread').columns(['project_id', 'created_at']).execute();

  await db.schema
    .createTable('comment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('thread.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('user.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('comment_thread_idx').on('comment').columns(['thread_id', 'created_at']).execute();

  await db.schema
    .createTable('mention')
    .addColumn('comment_id', 'text', (c) => c.notNull().references('comment.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('mention_pk', ['comment_id', 'user_id'])
    .execute();
  await db.schema.createIndex('mention_user_idx').on('mention').column('user_id').execute();

  await db.schema
    .createTable('notification')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('project.id'))
    .addColumn('thread_id', 'text', (c) => c.references('thread.id'))
    .addColumn('comment_id', 'text', (c) => c.references('comment.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notification_user_idx').on('notification').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('notification_user_read_idx').on('notification').columns(['user_id', 'read_at']).execute();
}

function inList(column: string, values: string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['notification', 'mention', 'comment', 'thread']) await db.schema.dropTable(t).execute();
}
