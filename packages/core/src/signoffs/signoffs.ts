/**
 * Sign-offs (签署) of a table's indicators, header sections or the whole table by the reviewers
 * and approvers of the units overseeing it (policy.ts signoffMembership). The server hashes the
 * signed content from its own copy of the table (readTable: snapshot + update log, which the
 * collaboration server commits before relaying), stores the hash and the content, and on every
 * read hashes the current content again: a sign-off whose content changed since shows as stale,
 * for everyone at once, with what changed (old → new); a revert makes it fresh again.
 *
 * Each action checks access through getProject (404 unknown, 403 not visible, 410 archived),
 * writes its row and its audit record in one transaction, and publishes an event after commit.
 */
import type { Database, Kysely, SignoffTable } from '@jixiao/db';
import type { TableJSON } from '@jixiao/table';
import type { Selectable } from 'kysely';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError, newId, nowIso } from '../errors.ts';
import type { EventPublisher, ProjectEvent } from '../events/event-bus.ts';
import { type CreateSignoffInput, createSignoffSchema, parseInput } from '../inputs.ts';
import { canRevokeSignoff, signoffMembership } from '../policy.ts';
import { isUniqueViolation } from '../projects/duplicates.ts';
import { getProject } from '../projects/project-view.ts';
import { readTable } from '../projects/read-table.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';
import { lastChangeBy } from './four-eyes.ts';
import {
  type ContentChange,
  type SignedContent,
  type SignoffTarget,
  canonicalJson,
  contentChanges,
  contentHash,
  parseContent,
  parseTargetKey,
  signedContent,
  targetKey,
} from './signed-content.ts';

export interface SignoffView {
  id: string;
  target: SignoffTarget;
  user: { id: string; name: string };
  /** the role the signer acted in (`reviewer`, `approver`; labels in roles.ts) */
  role: string;
  unit: { id: string; name: string };
  stale: boolean;
  /** what changed since signing, when stale */
  changes: ContentChange[];
  /** the indicator is gone from the table */
  targetDeleted: boolean;
  createdAt: string;
}

export interface SignoffCounts {
  signed: number;
  stale: number;
  missing: number;
}

export interface SignoffSummary {
  table: SignoffCounts;
  byLevel2: { level2: string; counts: SignoffCounts }[];
}

/** The live (not revoked) sign-offs of a table, oldest first, each fresh or stale as of now. */
export async function listSignoffs(db: Kysely<Database>, actor: Actor, projectId: string): Promise<SignoffView[]> {
  const { table } = await readTable(db, actor, projectId);
  return signoffViews(table, await liveRows(db, projectId));
}

/** Signed / stale / missing over the table's indicators, in total and per 二级. */
export async function signoffSummary(db: Kysely<Database>, actor: Actor, projectId: string): Promise<SignoffSummary> {
  const { table } = await readTable(db, actor, projectId);
  const rows = await db
    .selectFrom('signoff')
    .select(['target', 'content_hash'])
    .where('project_id', '=', projectId)
    .where('revoked_at', 'is', null)
    .where('target_kind', '=', 'indicator')
    .execute();
  return summarize(table, rows);
}

export async function createSignoff(
  db: Kysely<Database>,
  actor: Actor,
  input: CreateSignoffInput,
  events: EventPublisher,
): Promise<SignoffView> {
  const { projectId, target } = parseInput(createSignoffSchema, input);
  const { project, table } = await readTable(db, actor, projectId);
  const membership = signoffMembership(actor, await loadUnitGraph(db), project.unitId);
  if (!membership) throw new AppError('FORBIDDEN', '只有主管部门或财政部门的审核人、审批人可以签署');
  const content = signedContent(table, target);
  if (!content) throw new AppError('INDICATOR_NOT_FOUND');
  const key = targetKey(target);
  const id = newId('so_');
  const hash = contentHash(content);
  try {
    await db.transaction().execute(async (tx) => {
      // four-eyes: whoever changed the signed content last may not sign it
      if (await lastChangeBy(tx, projectId, key, actor.user.id)) throw new AppError('SIGNOFF_OWN_EDIT');
      const existing = await tx
        .selectFrom('signoff')
        .select('id')
        .where('project_id', '=', projectId)
        .where('user_id', '=', actor.user.id)
        .where('target', '=', key)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (existing) throw new AppError('SIGNOFF_DUPLICATE');
      await tx
        .insertInto('signoff')
        .values({
          id,
          project_id: projectId,
          target_kind: target.kind,
          target: key,
          user_id: actor.user.id,
          role: membership.role,
          unit_id: membership.unitId,
          content_hash: hash,
          content: canonicalJson(content),
          created_at: nowIso(),
          revoked_at: null,
          revoked_by: null,
        })
        .execute();
      await recordAudit(tx, {
        actorId: actor.user.id,
        action: 'signoff.create',
        target: id,
        data: { projectId, target: key, role: membership.role, unitId: membership.unitId, contentHash: hash },
      });
    });
  } catch (e) {
    // two requests racing past the check: the partial unique index refuses the second
    if (isUniqueViolation(e)) throw new AppError('SIGNOFF_DUPLICATE');
    throw e;
  }
  await publish(events, { type: 'signoff', projectId, signoffId: id, action: 'created' });
  const [view] = signoffViews(table, await liveRows(db, projectId, id));
  if (!view) throw new AppError('SIGNOFF_NOT_FOUND');
  return view;
}

export async function revokeSignoff(db: Kysely<Database>, actor: Actor, signoffId: string, events: EventPublisher): Promise<void> {
  if (typeof signoffId !== 'string' || !signoffId) throw new AppError('SIGNOFF_NOT_FOUND');
  const row = await db.selectFrom('signoff').selectAll().where('id', '=', signoffId).executeTakeFirst();
  if (!row) throw new AppError('SIGNOFF_NOT_FOUND');
  const graph = await loadUnitGraph(db);
  await getProject(db, actor, row.project_id, graph);
  if (!canRevokeSignoff(actor, graph, { userId: row.user_id, unitId: row.unit_id })) {
    throw new AppError('FORBIDDEN', '只能撤销自己的签署');
  }
  if (row.revoked_at) throw new AppError('SIGNOFF_REVOKED');
  await db.transaction().execute(async (tx) => {
    const done = await tx
      .updateTable('signoff')
      .set({ revoked_at: nowIso(), revoked_by: actor.user.id })
      .where('id', '=', signoffId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw new AppError('SIGNOFF_REVOKED');
    await recordAudit(tx, {
      actorId: actor.user.id,
      action: 'signoff.revoke',
      target: signoffId,
      data: { projectId: row.project_id, target: row.target, signerId: row.user_id },
    });
  });
  await publish(events, { type: 'signoff', projectId: row.project_id, signoffId, action: 'revoked' });
}

// ---------------------------------------------------------------------------------------------

async function publish(events: EventPublisher, event: ProjectEvent): Promise<void> {
  // the action has committed: a lost event must not turn it into an error for its author
  try {
    await events.publish(event.projectId, event);
  } catch (e) {
    console.warn('[signoffs] event not published:', (e as Error).message);
  }
}

type LiveRow = Selectable<SignoffTable> & { user_name: string; unit_name: string };

async function liveRows(db: Kysely<Database>, projectId: string, id?: string): Promise<LiveRow[]> {
  let q = db
    .selectFrom('signoff')
    .innerJoin('user', 'user.id', 'signoff.user_id')
    .innerJoin('unit', 'unit.id', 'signoff.unit_id')
    .selectAll('signoff')
    .select(['user.name as user_name', 'unit.name as unit_name'])
    .where('signoff.project_id', '=', projectId)
    .where('signoff.revoked_at', 'is', null);
  if (id) q = q.where('signoff.id', '=', id);
  return q.orderBy('signoff.created_at').orderBy('signoff.id').execute();
}

/** Current content per target, hashed once per target whatever the number of sign-offs. */
class CurrentContent {
  private readonly cache = new Map<string, { content: SignedContent | null; hash: string | null }>();
  private readonly table: TableJSON;
  constructor(table: TableJSON) {
    this.table = table;
  }
  of(key: string): { content: SignedContent | null; hash: string | null } {
    let hit = this.cache.get(key);
    if (!hit) {
      const target = parseTargetKey(key);
      const content = target ? signedContent(this.table, target) : null;
      hit = { content, hash: content ? contentHash(content) : null };
      this.cache.set(key, hit);
    }
    return hit;
  }
}

function signoffViews(table: TableJSON, rows: LiveRow[]): SignoffView[] {
  const current = new CurrentContent(table);
  return rows.flatMap((r) => {
    const target = parseTargetKey(r.target);
    if (!target) return [];
    const now = current.of(r.target);
    const stale = now.hash !== r.content_hash;
    return [
      {
        id: r.id,
        target,
        user: { id: r.user_id, name: r.user_name },
        role: r.role,
        unit: { id: r.unit_id, name: r.unit_name },
        stale,
        changes: stale && now.content ? contentChanges(target, parseContent(r.content), now.content) : [],
        targetDeleted: now.content === null,
        createdAt: r.created_at,
      },
    ];
  });
}

const zero = (): SignoffCounts => ({ signed: 0, stale: 0, missing: 0 });

/**
 * Counts over the table's indicators: signed when at least one live sign-off is fresh, stale
 * when all of its live sign-offs are stale, missing when it has none. 二级 in table order.
 */
export function summarize(table: TableJSON, rows: ReadonlyArray<{ target: string; content_hash: string }>): SignoffSummary {
  const hashes = new Map<string, string[]>();
  for (const r of rows) hashes.set(r.target, [...(hashes.get(r.target) ?? []), r.content_hash]);
  const total = zero();
  const byLevel2 = new Map<string, SignoffCounts>();
  for (const row of table.indicators) {
    if (!row.id) continue;
    const target: SignoffTarget = { kind: 'indicator', indicatorId: row.id };
    const signed = hashes.get(targetKey(target));
    let state: keyof SignoffCounts = 'missing';
    if (signed?.length) {
      const content = signedContent(table, target);
      state = content && signed.includes(contentHash(content)) ? 'signed' : 'stale';
    }
    total[state]++;
    const group = byLevel2.get(row.level2) ?? zero();
    group[state]++;
    byLevel2.set(row.level2, group);
  }
  return { table: total, byLevel2: [...byLevel2].map(([level2, counts]) => ({ level2, counts })) };
}
