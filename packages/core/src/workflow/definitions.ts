/**
 * Admins manage workflow definitions for the units they administer. Changing a definition adds
 * a version; tables already bound to an older version keep their path.
 */
import type { Database, Kysely } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError, newId, nowIso } from '../errors.ts';
import { accessEvents } from '../events/access-events.ts';
import { parseInput, saveWorkflowSchema, type SaveWorkflowInput } from '../inputs.ts';
import { administeredUnits } from '../policy.ts';
import { ROLES } from '../roles.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';
import { DEFAULT_WORKFLOW } from './catalog.ts';
import { partyMembers } from './party-members.ts';
import { STAGE_UNITS, type Stage, parseStoredStages } from './definition.ts';

export interface WorkflowDefinitionView {
  id: string;
  name: string;
  unit: { id: string; name: string } | null;
  year: number | null;
  kind: 'target' | 'self_eval' | null;
  version: number;
  stages: Stage[];
  /** tables bound to any version of it */
  tablesInFlight: number;
  /** the built-in default (read-only) */
  builtIn: boolean;
  updatedAt: string | null;
}

/** The definitions an admin manages (their units' subtrees), and the built-in default. */
export async function listWorkflowDefinitions(db: Kysely<Database>, actor: Actor): Promise<WorkflowDefinitionView[]> {
  const units = administeredUnits(actor, await loadUnitGraph(db));
  if (!units.size) throw new AppError('FORBIDDEN', '只有管理员可以管理审批流程');
  const rows = await db
    .selectFrom('workflow as w')
    .innerJoin('workflow_version as v', 'v.workflow_id', 'w.id')
    .leftJoin('unit as u', 'u.id', 'w.unit_id')
    .select(['w.id', 'w.name', 'w.unit_id', 'u.name as unit_name', 'w.year', 'w.kind', 'v.version', 'v.stages', 'v.created_at'])
    .where('w.archived_at', 'is', null)
    .where('w.unit_id', 'in', [...units])
    .where(({ eb, selectFrom }) =>
      eb('v.version', '=', selectFrom('workflow_version as w2').select((e) => e.fn.max('w2.version').as('m')).whereRef('w2.workflow_id', '=', 'w.id')),
    )
    .orderBy('w.created_at')
    .execute();
  const inFlight = await db
    .selectFrom('project_workflow as pw')
    .innerJoin('workflow_version as v', 'v.id', 'pw.workflow_version_id')
    .select(['v.workflow_id', (e) => e.fn.countAll<number>().as('n')])
    .where('pw.status', 'in', ['review', 'draft'])
    .groupBy('v.workflow_id')
    .execute();
  const count = new Map(inFlight.map((r) => [r.workflow_id, Number(r.n)]));
  return [
    {
      id: DEFAULT_WORKFLOW.workflowId,
      name: DEFAULT_WORKFLOW.name,
      unit: null,
      year: null,
      kind: null,
      version: DEFAULT_WORKFLOW.version,
      stages: [...DEFAULT_WORKFLOW.stages],
      tablesInFlight: count.get(DEFAULT_WORKFLOW.workflowId) ?? 0,
      builtIn: true,
      updatedAt: null,
    },
    ...rows.map((r) => ({
      id: r.id,
      name: r.name,
      unit: r.unit_id ? { id: r.unit_id, name: r.unit_name ?? '' } : null,
      year: r.year === null ? null : Number(r.year),
      kind: r.kind,
      version: Number(r.version),
      stages: parseStoredStages(r.stages),
      tablesInFlight: count.get(r.id) ?? 0,
      builtIn: false,
      updatedAt: r.created_at,
    })),
  ];
}

/** A new definition for a unit the admin administers (and everything below it). */
export async function createWorkflowDefinition(db: Kysely<Database>, actor: Actor, raw: SaveWorkflowInput): Promise<WorkflowDefinitionView> {
  const input = parseInput(saveWorkflowSchema, raw);
  await assertAdministers(db, actor, input.unitId);
  await assertActable(db, input.unitId, input.stages);
  const id = newId('wf_');
  const at = nowIso();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('workflow')
      .values({ id, name: input.name, unit_id: input.unitId, year: input.year ?? null, kind: input.kind ?? null, created_by: actor.user.id, created_at: at, archived_at: null })
      .execute();
    await tx
      .insertInto('workflow_version')
      .values({ id: newId('wfv_'), workflow_id: id, version: 1, stages: JSON.stringify(input.stages), created_by: actor.user.id, created_at: at })
      .execute();
    await recordAudit(tx, { actorId: actor.user.id, action: 'workflow.define', target: id, data: input });
  });
  // tables not yet bound to a definition take their editors from it
  accessEvents.policyChanged();
  return definitionOf(db, actor, id);
}

/** A definition's new version: tables already bound to an older one keep their path. */
export async function updateWorkflowDefinition(
  db: Kysely<Database>,
  actor: Actor,
  workflowId: string,
  raw: SaveWorkflowInput,
): Promise<WorkflowDefinitionView> {
  const input = parseInput(saveWorkflowSchema, raw);
  const current = await liveWorkflow(db, workflowId);
  await assertAdministers(db, actor, current.unit_id);
  await assertAdministers(db, actor, input.unitId);
  await assertActable(db, input.unitId, input.stages);
  await db.transaction().execute(async (tx) => {
    const last = await tx.selectFrom('workflow_version').select((e) => e.fn.max('version').as('v')).where('workflow_id', '=', workflowId).executeTakeFirstOrThrow();
    await tx.updateTable('workflow').set({ name: input.name, unit_id: input.unitId, year: input.year ?? null, kind: input.kind ?? null }).where('id', '=', workflowId).execute();
    await tx
      .insertInto('workflow_version')
      .values({ id: newId('wfv_'), workflow_id: workflowId, version: Number(last.v ?? 0) + 1, stages: JSON.stringify(input.stages), created_by: actor.user.id, created_at: nowIso() })
      .execute();
    await recordAudit(tx, { actorId: actor.user.id, action: 'workflow.update', target: workflowId, data: input });
  });
  // tables not yet bound to a definition take their editors from it
  accessEvents.policyChanged();
  return definitionOf(db, actor, workflowId);
}

/** No longer assigned to new tables; tables bound to it finish on it. */
export async function archiveWorkflowDefinition(db: Kysely<Database>, actor: Actor, workflowId: string): Promise<void> {
  const current = await liveWorkflow(db, workflowId);
  await assertAdministers(db, actor, current.unit_id);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('workflow').set({ archived_at: nowIso() }).where('id', '=', workflowId).execute();
    await recordAudit(tx, { actorId: actor.user.id, action: 'workflow.archive', target: workflowId });
  });
  // tables not yet bound to a definition take their editors from it
  accessEvents.policyChanged();
}

async function liveWorkflow(db: Kysely<Database>, workflowId: string) {
  if (workflowId === DEFAULT_WORKFLOW.workflowId) throw new AppError('FORBIDDEN', '默认审批流程是内置的，不能修改；请为单位新建流程');
  const row = await db.selectFrom('workflow').select(['id', 'unit_id']).where('id', '=', workflowId).where('archived_at', 'is', null).executeTakeFirst();
  if (!row) throw new AppError('WORKFLOW_NOT_FOUND');
  return row;
}

/**
 * Every review stage must have someone to act on it for the unit's tables: a stage whose people
 * do not exist would hold tables for good. (Members of the unit's supervising departments and
 * of the finance bureaus overseeing it stand for every unit below it too.)
 */
async function assertActable(db: Kysely<Database>, unitId: string, stages: readonly Stage[]): Promise<void> {
  const graph = await loadUnitGraph(db);
  for (const stage of stages.slice(1)) {
    if (!(await partyMembers(db, graph, unitId, stage.actor, 1)).length) {
      throw new AppError(
        'INVALID_INPUT',
        `“${stage.name}”的办理人（${STAGE_UNITS[stage.actor.at]}的${ROLES[stage.actor.role]}）在此单位不存在：请先为相应单位添加该角色的人员`,
      );
    }
  }
}

async function assertAdministers(db: Kysely<Database>, actor: Actor, unitId: string | null): Promise<void> {
  const units = administeredUnits(actor, await loadUnitGraph(db));
  if (!unitId || !units.has(unitId)) throw new AppError('FORBIDDEN', '只能为您管理的单位设置审批流程');
}

async function definitionOf(db: Kysely<Database>, actor: Actor, id: string): Promise<WorkflowDefinitionView> {
  const found = (await listWorkflowDefinitions(db, actor)).find((d) => d.id === id);
  if (!found) throw new AppError('WORKFLOW_NOT_FOUND');
  return found;
}
