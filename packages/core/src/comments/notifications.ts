/**
 * A user's notifications (being @mentioned; a table arriving at a stage they act on, or coming
 * back to its submitter), newest first. Only those of tables the
 * user may still see are listed or counted; a deleted comment's words are not shown.
 */
import type { Database, Kysely } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { nowIso } from '../errors.ts';
import { LIMITS, type MarkReadInput, markReadSchema, parseInput } from '../inputs.ts';
import { visibleUnits } from '../policy.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';
import type { UserRef } from './mentionable.ts';
import { DELETED_COMMENT_BODY } from './threads.ts';
import type { WorkflowNotice } from '../workflow/notify.ts';

export interface NotificationView {
  id: string;
  kind: 'mention' | 'workflow';
  project: { id: string; name: string };
  threadId: string | null;
  commentId: string | null;
  /** who wrote the comment */
  by: UserRef | null;
  /** the comment's first characters (plain text), or the placeholder of a deleted one */
  excerpt: string | null;
  /** what happened, for a workflow notice */
  workflow: WorkflowNotice | null;
  createdAt: string;
  readAt: string | null;
}

const EXCERPT = 120;

async function visibleFor(db: Kysely<Database>, actor: Actor): Promise<string[]> {
  return [...visibleUnits(actor, await loadUnitGraph(db))];
}

export async function listNotifications(db: Kysely<Database>, actor: Actor): Promise<{ items: NotificationView[]; unread: number }> {
  const units = await visibleFor(db, actor);
  if (!units.length) return { items: [], unread: 0 };
  const rows = await db
    .selectFrom('notification')
    .innerJoin('project', 'project.id', 'notification.project_id')
    .leftJoin('comment', 'comment.id', 'notification.comment_id')
    .leftJoin('user as author', 'author.id', 'comment.author_id')
    .select([
      'notification.id',
      'notification.kind',
      'notification.project_id',
      'notification.thread_id',
      'notification.comment_id',
      'notification.created_at',
      'notification.read_at',
      'project.name as project_name',
      'comment.body',
      'notification.data',
      'comment.deleted_at',
      'comment.author_id',
      'author.name as author_name',
    ])
    .where('notification.user_id', '=', actor.user.id)
    .where('project.unit_id', 'in', units)
    .where('project.archived_at', 'is', null)
    .orderBy('notification.created_at', 'desc')
    .orderBy('notification.id', 'desc')
    .limit(LIMITS.notificationsPage)
    .execute();
  return {
    items: rows.map((r) => {
      const workflow = r.kind === 'workflow' && r.data ? (JSON.parse(r.data) as WorkflowNotice) : null;
      return {
        id: r.id,
        kind: r.kind,
        project: { id: r.project_id, name: r.project_name },
        threadId: r.thread_id,
        commentId: r.comment_id,
        by: r.author_id ? { id: r.author_id, name: r.author_name ?? '' } : (workflow?.by ?? null),
        excerpt: r.comment_id === null ? null : r.deleted_at ? DELETED_COMMENT_BODY : [...(r.body ?? '')].slice(0, EXCERPT).join(''),
        workflow,
        createdAt: r.created_at,
        readAt: r.read_at,
      };
    }),
    unread: await countUnread(db, actor.user.id, units),
  };
}

export async function unreadNotificationCount(db: Kysely<Database>, actor: Actor): Promise<number> {
  const units = await visibleFor(db, actor);
  return units.length ? countUnread(db, actor.user.id, units) : 0;
}

async function countUnread(db: Kysely<Database>, userId: string, units: string[]): Promise<number> {
  const row = await db
    .selectFrom('notification')
    .innerJoin('project', 'project.id', 'notification.project_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('notification.user_id', '=', userId)
    .where('notification.read_at', 'is', null)
    .where('project.unit_id', 'in', units)
    .where('project.archived_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the given notifications (or all) of the actor read; others' ids are ignored. */
export async function markNotificationsRead(
  db: Kysely<Database>,
  actor: Actor,
  input: MarkReadInput,
): Promise<{ marked: number; unread: number }> {
  const { ids } = parseInput(markReadSchema, input);
  const marked = await db.transaction().execute(async (tx) => {
    if (ids && !ids.length) return 0;
    let q = tx.updateTable('notification').set({ read_at: nowIso() }).where('user_id', '=', actor.user.id).where('read_at', 'is', null);
    if (ids) q = q.where('id', 'in', ids);
    const n = Number((await q.executeTakeFirst()).numUpdatedRows);
    if (n) await recordAudit(tx, { actorId: actor.user.id, action: 'notification.read', target: actor.user.id, data: { ids: ids ?? 'all', marked: n } });
    return n;
  });
  return { marked, unread: await unreadNotificationCount(db, actor) };
}
