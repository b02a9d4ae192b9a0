/**
 * Threads and comments on a table (the review loop's conversation). Each action parses its
 * input, checks access through getProject (404 unknown, 403 not one's own, 410 deleted table),
 * writes its rows, the mentions, the notifications and the audit record in one transaction,
 * and publishes an event (ids only) after the commit. The author is always the actor.
 */
import type { AnchorKind, CommentTable, Database, Kysely, ThreadStatus, ThreadTable, Transaction } from '@jixiao/db';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError, newId, nowIso } from '../errors.ts';
import type { EventPublisher } from '../events/event-bus.ts';
import {
  type AddCommentInput,
  type CreateThreadInput,
  type EditCommentInput,
  type anchorSchema,
  addCommentSchema,
  createThreadSchema,
  editCommentSchema,
  parseInput,
} from '../inputs.ts';
import { canChangeComment, canComment, canResolveThread } from '../policy.ts';
import { type ProjectView, getProject } from '../projects/project-view.ts';
import { readTable } from '../projects/read-table.ts';
import { type UserRef, usersSeeing } from './mentionable.ts';

type Anchor = z.output<typeof anchorSchema>;

/** What a deleted comment shows instead of its words. */
export const DELETED_COMMENT_BODY = '此评论已删除';

export type AnchorView =
  | { kind: 'indicator'; indicatorId: string; /** the indicator is no longer in the table */ deleted: boolean }
  | { kind: 'header'; field: string }
  | { kind: 'goal'; start?: string; end?: string };

export interface CommentView {
  id: string;
  threadId: string;
  author: UserRef;
  /** plain text as written (never markup); the placeholder when deleted */
  body: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  mentions: UserRef[];
}

export interface ThreadView {
  id: string;
  projectId: string;
  anchor: AnchorView;
  status: ThreadStatus;
  createdBy: UserRef;
  createdAt: string;
  resolvedBy: UserRef | null;
  resolvedAt: string | null;
  comments: CommentView[];
}

/** Every thread of a table, resolved ones included, oldest first, with their comments. */
export async function listThreads(db: Kysely<Database>, actor: Actor, projectId: string): Promise<ThreadView[]> {
  const { table } = await readTable(db, actor, projectId);
  return loadThreads(db, projectId, indicatorIds(table.indicators));
}

export async function createThread(
  db: Kysely<Database>,
  actor: Actor,
  input: CreateThreadInput,
  events: EventPublisher,
): Promise<ThreadView> {
  const { projectId, anchor, body, mentions } = parseInput(createThreadSchema, input);
  const { project, indicators } = await projectForAnchor(db, actor, projectId, anchor);
  if (!canComment(project.access)) throw new AppError('FORBIDDEN', '您无权评论此表');
  await assertMentionable(db, project, mentions);
  const threadId = newId('th_');
  const commentId = newId('cm_');
  const at = nowIso();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('thread')
      .values({
        id: threadId,
        project_id: projectId,
        anchor_kind: anchor.kind,
        indicator_id: anchor.kind === 'indicator' ? anchor.indicatorId : null,
        header_field: anchor.kind === 'header' ? anchor.field : null,
        goal_range: anchor.kind === 'goal' && anchor.start ? JSON.stringify({ start: anchor.start, end: anchor.end }) : null,
        status: 'open',
        created_by: actor.user.id,
        created_at: at,
        resolved_by: null,
        resolved_at: null,
      })
      .execute();
    await insertComment(tx, { id: commentId, threadId, projectId, authorId: actor.user.id, body, at, mentions });
    await recordAudit(tx, { actorId: actor.user.id, action: 'thread.create', target: threadId, data: { projectId, anchor, commentId, body, mentions } });
  });
  await publish(events, { type: 'thread', projectId, threadId, action: 'created' });
  return oneThread(db, projectId, threadId, indicators);
}

export async function addComment(
  db: Kysely<Database>,
  actor: Actor,
  input: AddCommentInput,
  events: EventPublisher,
): Promise<CommentView> {
  const { threadId, body, mentions } = parseInput(addCommentSchema, input);
  const thread = await threadRow(db, threadId);
  const project = await getProject(db, actor, thread.project_id);
  if (!canComment(project.access)) throw new AppError('FORBIDDEN', '您无权评论此表');
  await assertMentionable(db, project, mentions);
  const commentId = newId('cm_');
  await db.transaction().execute(async (tx) => {
    // checked in the transaction: a reply racing a resolve either lands first or is refused
    const current = await tx.selectFrom('thread').select('status').where('id', '=', threadId).executeTakeFirstOrThrow();
    if (current.status === 'resolved') throw new AppError('THREAD_RESOLVED');
    await insertComment(tx, { id: commentId, threadId, projectId: project.id, authorId: actor.user.id, body, at: nowIso(), mentions });
    await recordAudit(tx, { actorId: actor.user.id, action: 'comment.add', target: commentId, data: { projectId: project.id, threadId, body, mentions } });
  });
  await publish(events, { type: 'comment', projectId: project.id, threadId, commentId, action: 'created' });
  return oneComment(db, commentId);
}

/**
 * The author rewrites their comment; with `mentions`, that list replaces the old one and only
 * users newly mentioned are notified; without, the mentions stay as they were.
 */
export async function editComment(
  db: Kysely<Database>,
  actor: Actor,
  input: EditCommentInput,
  events: EventPublisher,
): Promise<CommentView> {
  const { commentId, body, mentions } = parseInput(editCommentSchema, input);
  const { comment, project } = await changeableComment(db, actor, commentId);
  if (mentions) await assertMentionable(db, project, mentions);
  await db.transaction().execute(async (tx) => {
    const at = nowIso();
    const done = await tx
      .updateTable('comment')
      .set({ body, edited_at: at })
      .where('id', '=', commentId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw new AppError('COMMENT_DELETED');
    if (mentions) {
      const before = new Set(
        (await tx.selectFrom('mention').select('user_id').where('comment_id', '=', commentId).execute()).map((m) => m.user_id),
      );
      await tx.deleteFrom('mention').where('comment_id', '=', commentId).execute();
      await addMentions(tx, {
        commentId,
        threadId: comment.thread_id,
        projectId: project.id,
        authorId: actor.user.id,
        at,
        mentions,
        notify: mentions.filter((id) => !before.has(id)),
      });
    }
    await recordAudit(tx, {
      actorId: actor.user.id,
      action: 'comment.edit',
      target: commentId,
      data: { projectId: project.id, threadId: comment.thread_id, before: comment.body, body, mentions },
    });
  });
  await publish(events, { type: 'comment', projectId: project.id, threadId: comment.thread_id, commentId, action: 'edited' });
  return oneComment(db, commentId);
}

/**
 * The author deletes their comment: it stays in its thread as 此评论已删除 (the replies keep
 * their context); its words leave the table and remain only in the audit trail.
 */
export async function deleteComment(
  db: Kysely<Database>,
  actor: Actor,
  commentId: string,
  events: EventPublisher,
): Promise<CommentView> {
  const { comment, project } = await changeableComment(db, actor, commentId);
  await db.transaction().execute(async (tx) => {
    const done = await tx
      .updateTable('comment')
      .set({ body: '', deleted_at: nowIso() })
      .where('id', '=', commentId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw new AppError('COMMENT_DELETED');
    await recordAudit(tx, {
      actorId: actor.user.id,
      action: 'comment.delete',
      target: commentId,
      data: { projectId: project.id, threadId: comment.thread_id, body: comment.body },
    });
  });
  await publish(events, { type: 'comment', projectId: project.id, threadId: comment.thread_id, commentId, action: 'deleted' });
  return oneComment(db, commentId);
}

export function resolveThread(db: Kysely<Database>, actor: Actor, threadId: string, events: EventPublisher): Promise<ThreadView> {
  return setStatus(db, actor, threadId, 'resolved', events);
}

export function reopenThread(db: Kysely<Database>, actor: Actor, threadId: string, events: EventPublisher): Promise<ThreadView> {
  return setStatus(db, actor, threadId, 'open', events);
}

/** Resolving a resolved thread (two tabs, a retry) changes nothing and records nothing. */
async function setStatus(
  db: Kysely<Database>,
  actor: Actor,
  threadId: string,
  status: ThreadStatus,
  events: EventPublisher,
): Promise<ThreadView> {
  if (typeof threadId !== 'string' || !threadId) throw new AppError('THREAD_NOT_FOUND');
  const thread = await threadRow(db, threadId);
  const { project, indicators } = await projectOfThread(db, actor, thread);
  if (!canResolveThread(project.access)) throw new AppError('FORBIDDEN', '您无权处理此讨论');
  const changed = await db.transaction().execute(async (tx) => {
    const resolved = status === 'resolved';
    const done = await tx
      .updateTable('thread')
      .set({ status, resolved_by: resolved ? actor.user.id : null, resolved_at: resolved ? nowIso() : null })
      .where('id', '=', threadId)
      .where('status', '!=', status)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) return false;
    await recordAudit(tx, { actorId: actor.user.id, action: resolved ? 'thread.resolve' : 'thread.reopen', target: threadId, data: { projectId: project.id } });
    return true;
  });
  if (changed) await publish(events, { type: 'thread', projectId: project.id, threadId, action: status === 'resolved' ? 'resolved' : 'reopened' });
  return oneThread(db, project.id, threadId, indicators);
}

// ---------------------------------------------------------------------------------------------

async function publish(events: EventPublisher, event: Parameters<EventPublisher['publish']>[1]): Promise<void> {
  // the action has committed: a lost event must not turn it into an error for its author
  try {
    await events.publish(event.projectId, event);
  } catch (e) {
    console.warn('[comments] event not published:', (e as Error).message);
  }
}

function indicatorIds(indicators: ReadonlyArray<{ id?: string }>): Set<string> {
  return new Set(indicators.flatMap((i) => (i.id ? [i.id] : [])));
}

/** The project, with the table's indicator ids when the anchor is an indicator (404 指标不存在). */
async function projectForAnchor(
  db: Kysely<Database>,
  actor: Actor,
  projectId: string,
  anchor: Anchor,
): Promise<{ project: ProjectView; indicators: Set<string> }> {
  if (anchor.kind !== 'indicator') return { project: await getProject(db, actor, projectId), indicators: new Set() };
  const { project, table } = await readTable(db, actor, projectId);
  const indicators = indicatorIds(table.indicators);
  if (!indicators.has(anchor.indicatorId)) throw new AppError('INDICATOR_NOT_FOUND');
  return { project, indicators };
}

/** The thread's project, with the table's indicator ids when the thread is about an indicator. */
async function projectOfThread(
  db: Kysely<Database>,
  actor: Actor,
  thread: Selectable<ThreadTable>,
): Promise<{ project: ProjectView; indicators: Set<string> }> {
  if (thread.anchor_kind !== 'indicator') return { project: await getProject(db, actor, thread.project_id), indicators: new Set() };
  const { project, table } = await readTable(db, actor, thread.project_id);
  return { project, indicators: indicatorIds(table.indicators) };
}

async function threadRow(db: Kysely<Database>, threadId: string): Promise<Selectable<ThreadTable>> {
  const row = await db.selectFrom('thread').selectAll().where('id', '=', threadId).executeTakeFirst();
  if (!row) throw new AppError('THREAD_NOT_FOUND');
  return row;
}

/** A comment the actor may change: visible, theirs, not deleted. */
async function changeableComment(
  db: Kysely<Database>,
  actor: Actor,
  commentId: unknown,
): Promise<{ comment: Selectable<CommentTable>; project: ProjectView }> {
  if (typeof commentId !== 'string' || !commentId) throw new AppError('COMMENT_NOT_FOUND');
  const comment = await db.selectFrom('comment').selectAll().where('id', '=', commentId).executeTakeFirst();
  if (!comment) throw new AppError('COMMENT_NOT_FOUND');
  const thread = await threadRow(db, comment.thread_id);
  const project = await getProject(db, actor, thread.project_id);
  if (!canChangeComment(actor, comment.author_id)) throw new AppError('FORBIDDEN', '只能修改或删除自己的评论');
  if (comment.deleted_at) throw new AppError('COMMENT_DELETED');
  return { comment, project };
}

/** 400 unless every mentioned user may see the table. */
async function assertMentionable(db: Kysely<Database>, project: ProjectView, mentions: readonly string[]): Promise<void> {
  if (!mentions.length) return;
  const seeing = new Set((await usersSeeing(db, project.unitId)).map((u) => u.id));
  if (mentions.some((id) => !seeing.has(id))) throw new AppError('INVALID_INPUT', '只能提及可以查看此表的用户');
}

async function insertComment(
  tx: Transaction<Database>,
  c: { id: string; threadId: string; projectId: string; authorId: string; body: string; at: string; mentions: string[] },
): Promise<void> {
  await tx
    .insertInto('comment')
    .values({ id: c.id, thread_id: c.threadId, author_id: c.authorId, body: c.body, created_at: c.at, edited_at: null, deleted_at: null })
    .execute();
  await addMentions(tx, { commentId: c.id, threadId: c.threadId, projectId: c.projectId, authorId: c.authorId, at: c.at, mentions: c.mentions, notify: c.mentions });
}

/** Mention rows, and a notification for each user in `notify` other than the author. */
async function addMentions(
  tx: Transaction<Database>,
  m: { commentId: string; threadId: string; projectId: string; authorId: string; at: string; mentions: string[]; notify: string[] },
): Promise<void> {
  if (m.mentions.length) {
    await tx
      .insertInto('mention')
      .values(m.mentions.map((user_id) => ({ comment_id: m.commentId, user_id })))
      .execute();
  }
  const notify = m.notify.filter((id) => id !== m.authorId);
  if (notify.length) {
    await tx
      .insertInto('notification')
      .values(
        notify.map((user_id) => ({
          id: newId('nt_'),
          user_id,
          kind: 'mention' as const,
          project_id: m.projectId,
          thread_id: m.threadId,
          comment_id: m.commentId,
          created_at: m.at,
          read_at: null,
        })),
      )
      .execute();
  }
}

async function oneThread(db: Kysely<Database>, projectId: string, threadId: string, indicators: Set<string>): Promise<ThreadView> {
  const [thread] = await loadThreads(db, projectId, indicators, threadId);
  if (!thread) throw new AppError('THREAD_NOT_FOUND');
  return thread;
}

async function oneComment(db: Kysely<Database>, commentId: string): Promise<CommentView> {
  const [comment] = await loadComments(db, { commentId });
  if (!comment) throw new AppError('COMMENT_NOT_FOUND');
  return comment;
}

async function loadThreads(db: Kysely<Database>, projectId: string, indicators: Set<string>, threadId?: string): Promise<ThreadView[]> {
  let q = db
    .selectFrom('thread')
    .innerJoin('user as creator', 'creator.id', 'thread.created_by')
    .leftJoin('user as resolver', 'resolver.id', 'thread.resolved_by')
    .selectAll('thread')
    .select(['creator.name as creator_name', 'resolver.name as resolver_name'])
    .where('thread.project_id', '=', projectId);
  if (threadId) q = q.where('thread.id', '=', threadId);
  const rows = await q.orderBy('thread.created_at').orderBy('thread.id').execute();
  const comments = await loadComments(db, threadId ? { threadId } : { projectId });
  const byThread = new Map<string, CommentView[]>();
  for (const c of comments) byThread.set(c.threadId, [...(byThread.get(c.threadId) ?? []), c]);
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    anchor: anchorView(r, indicators),
    status: r.status,
    createdBy: { id: r.created_by, name: r.creator_name },
    createdAt: r.created_at,
    resolvedBy: r.resolved_by ? { id: r.resolved_by, name: r.resolver_name ?? '' } : null,
    resolvedAt: r.resolved_at,
    comments: byThread.get(r.id) ?? [],
  }));
}

function anchorView(r: Selectable<ThreadTable>, indicators: Set<string>): AnchorView {
  const kind: AnchorKind = r.anchor_kind;
  if (kind === 'indicator') return { kind, indicatorId: r.indicator_id ?? '', deleted: !indicators.has(r.indicator_id ?? '') };
  if (kind === 'header') return { kind, field: r.header_field ?? '' };
  const range = r.goal_range ? (JSON.parse(r.goal_range) as { start?: string; end?: string }) : {};
  return { kind: 'goal', ...(range.start ? { start: range.start, end: range.end } : {}) };
}

async function loadComments(
  db: Kysely<Database>,
  where: { projectId: string } | { threadId: string } | { commentId: string },
): Promise<CommentView[]> {
  let q = db
    .selectFrom('comment')
    .innerJoin('thread', 'thread.id', 'comment.thread_id')
    .innerJoin('user', 'user.id', 'comment.author_id')
    .selectAll('comment')
    .select('user.name as author_name');
  if ('projectId' in where) q = q.where('thread.project_id', '=', where.projectId);
  else if ('threadId' in where) q = q.where('comment.thread_id', '=', where.threadId);
  else q = q.where('comment.id', '=', where.commentId);
  const rows = await q.orderBy('comment.created_at').orderBy('comment.id').execute();
  if (!rows.length) return [];
  let mq = db
    .selectFrom('mention')
    .innerJoin('comment', 'comment.id', 'mention.comment_id')
    .innerJoin('thread', 'thread.id', 'comment.thread_id')
    .innerJoin('user', 'user.id', 'mention.user_id')
    .select(['mention.comment_id', 'user.id', 'user.name'])
    .where('comment.deleted_at', 'is', null);
  if ('projectId' in where) mq = mq.where('thread.project_id', '=', where.projectId);
  else if ('threadId' in where) mq = mq.where('comment.thread_id', '=', where.threadId);
  else mq = mq.where('comment.id', '=', where.commentId);
  const mentionRows = await mq.orderBy('user.name').orderBy('user.id').execute();
  const mentions = new Map<string, UserRef[]>();
  for (const m of mentionRows) mentions.set(m.comment_id, [...(mentions.get(m.comment_id) ?? []), { id: m.id, name: m.name }]);
  return rows.map((r) => ({
    id: r.id,
    threadId: r.thread_id,
    author: { id: r.author_id, name: r.author_name },
    body: r.deleted_at ? DELETED_COMMENT_BODY : r.body,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    deleted: r.deleted_at !== null,
    mentions: r.deleted_at ? [] : (mentions.get(r.id) ?? []),
  }));
}
