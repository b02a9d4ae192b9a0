/**
 * Moving a table through its workflow: submit, approve, return, withdraw, publish. Each action
 * is checked in this order: the version the actor saw (409 when stale: of two concurrent
 * approvals the loser always learns that first), the action being possible now (409), the
 * actor's role (403), the stage's sign-off requirement (409); then one transaction makes a
 * conditional update against that version, stores the table as a version and writes the audit
 * record. The event goes out after the commit; collaboration servers re-check their sockets'
 * access on it (read-only ↔ editable) and the editor follows.
 */
import type { Database, Kysely, WorkflowStatus } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError, nowIso } from '../errors.ts';
import type { EventPublisher } from '../events/event-bus.ts';
import { type WorkflowActionInput, parseInput, workflowActionSchema } from '../inputs.ts';
import { type UnitGraph, administeredUnits, isParty } from '../policy.ts';
import { type ProjectView, getProject } from '../projects/project-view.ts';
import { signoffSummary } from '../signoffs/signoffs.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';
import { ensureDefaultWorkflow } from './catalog.ts';
import { type Stage, returnTargets } from './definition.ts';
import { type WorkflowState, workflowStateOf } from './state.ts';
import { notifyWorkflowStep } from './notify.ts';
import { storeVersion } from './versions.ts';
import { WORKFLOW_ACTIONS, WORKFLOW_STATUS, type WorkflowAction } from './labels.ts';

/** the labels live in labels.ts (browser-safe); re-exported here for the services */
export { WORKFLOW_ACTIONS, WORKFLOW_STATUS, type WorkflowAction };

export interface WorkflowView {
  status: WorkflowStatus;
  stage: { id: string; name: string } | null;
  version: number;
  /** the actions this user may take now */
  actions: WorkflowAction[];
  workflow: { id: string; name: string; version: number; stages: { id: string; name: string }[] };
  /** where a return from the current stage may go (for those who may return it) */
  returnTargets: { id: string; name: string }[];
  returnReason: string | null;
  lastAction: string | null;
  submittedBy: string | null;
}

export async function getWorkflow(db: Kysely<Database>, actor: Actor, projectId: string): Promise<WorkflowView> {
  const graph = await loadUnitGraph(db);
  const project = await getProject(db, actor, projectId, graph);
  const state = await workflowStateOf(db, graph, project);
  return view(state, allowedActionsFor(actor, graph, project, state));
}

/** What the state allows, whoever asks. */
function possibleActions(state: WorkflowState): WorkflowAction[] {
  const index = stageIndex(state);
  if (state.status === 'published') return [];
  if (state.status === 'approved') return ['publish'];
  if (index <= 0) return ['submit'];
  const out: WorkflowAction[] = ['approve', 'return'];
  if (index === 1 && !state.actedSinceSubmit) out.push('withdraw');
  return out;
}

/**
 * Who may take each possible action: the current stage's actor; never the submitter on their
 * own submission (four-eyes: someone who both fills and reviews does not approve what they
 * handed in); the submitter withdraws; an admin of the table's unit may always send a table in
 * review back (the way out when nobody can act on a stage any more).
 */
function mayTake(actor: Actor, graph: UnitGraph, project: ProjectView, state: WorkflowState, action: WorkflowAction): boolean {
  const stages = state.workflow.stages;
  if (action === 'withdraw') return state.submittedBy === actor.user.id;
  if (action === 'publish') return isParty(actor, graph, project.unitId, stages[stages.length - 1]!.actor);
  if (action === 'return' && administeredUnits(actor, graph).has(project.unitId)) return true;
  if (action === 'approve' && state.submittedBy === actor.user.id) return false;
  return !!state.stage && isParty(actor, graph, project.unitId, state.stage.actor);
}

/** The actions `actor` may take on the table now. */
export function allowedActionsFor(actor: Actor, graph: UnitGraph, project: ProjectView, state: WorkflowState): WorkflowAction[] {
  return possibleActions(state).filter((a) => mayTake(actor, graph, project, state, a));
}

const stageIndex = (state: WorkflowState) => (state.stage ? state.workflow.stages.findIndex((s) => s.id === state.stage!.id) : -1);

interface Next {
  status: WorkflowStatus;
  stage: Stage | null;
  submittedBy: string | null;
  actedSinceSubmit: boolean;
  returnReason: string | null;
}

/** Where an action takes the table. */
function nextState(actor: Actor, state: WorkflowState, action: WorkflowAction, input: WorkflowActionInput): Next {
  const stages = state.workflow.stages;
  const index = stageIndex(state);
  const keep = { submittedBy: state.submittedBy, returnReason: null };
  switch (action) {
    case 'submit':
      return { status: 'review', stage: stages[1]!, submittedBy: actor.user.id, actedSinceSubmit: false, returnReason: null };
    case 'approve': {
      const next = stages[index + 1];
      return next ? { ...keep, status: 'review', stage: next, actedSinceSubmit: true } : { ...keep, status: 'approved', stage: null, actedSinceSubmit: true };
    }
    case 'return': {
      const targets = returnTargets(stages, state.stage!.id);
      const to = input.toStage === undefined ? stages[0]! : targets.find((s) => s.id === input.toStage);
      if (!to) {
        throw new AppError('WORKFLOW_INVALID_ACTION', `不能退回到该环节：可退回到 ${targets.map((s) => `“${s.name}”`).join('、')}`);
      }
      return { status: to === stages[0] ? 'draft' : 'review', stage: to, submittedBy: state.submittedBy, actedSinceSubmit: true, returnReason: input.reason ?? null };
    }
    case 'withdraw':
      return { status: 'draft', stage: stages[0]!, submittedBy: null, actedSinceSubmit: false, returnReason: null };
    case 'publish':
      return { ...keep, status: 'published', stage: null, actedSinceSubmit: true };
  }
}

export async function takeWorkflowAction(
  db: Kysely<Database>,
  actor: Actor,
  projectId: string,
  action: string,
  rawInput: unknown,
  events: EventPublisher,
): Promise<WorkflowView> {
  if (!Object.hasOwn(WORKFLOW_ACTIONS, action)) throw new AppError('NOT_FOUND', '没有这个流程操作');
  const act = action as WorkflowAction;
  const input = parseInput(workflowActionSchema, rawInput);
  const graph = await loadUnitGraph(db);
  const project = await getProject(db, actor, projectId, graph);
  const state = await workflowStateOf(db, graph, project);

  if (input.expectedVersion !== state.version) throw new AppError('WORKFLOW_STALE');
  if (!possibleActions(state).includes(act)) {
    throw new AppError('WORKFLOW_INVALID_ACTION', `此表当前为“${state.stage?.name ?? WORKFLOW_STATUS[state.status]}”，不能${WORKFLOW_ACTIONS[act]}`);
  }
  if (!mayTake(actor, graph, project, state, act)) throw new AppError('FORBIDDEN', forbiddenMessage(act, state, actor));
  if (act === 'return' && !input.reason) throw new AppError('INVALID_INPUT', '退回时必须填写退回原因');
  if ((act === 'approve' || act === 'submit') && state.stage?.requireSignoff) {
    const { table } = await signoffSummary(db, actor, projectId);
    if (table.missing || table.stale) {
      throw new AppError('WORKFLOW_SIGNOFF_REQUIRED', `“${state.stage.name}”要求每个指标都已签署且未过期：还有 ${table.missing} 个未签署、${table.stale} 个已过期`);
    }
  }
  const next = nextState(actor, state, act, input);
  const at = nowIso();

  if (!state.bound) await ensureDefaultWorkflow(db);
  await db.transaction().execute(async (tx) => {
    const row = {
      stage_id: next.stage?.id ?? null,
      status: next.status,
      version: state.version + 1,
      submitted_by: next.submittedBy,
      acted_since_submit: next.actedSinceSubmit ? 1 : 0,
      last_action: act,
      return_reason: next.returnReason,
      updated_at: at,
    };
    if (state.bound) {
      const res = await tx
        .updateTable('project_workflow')
        .set(row)
        .where('project_id', '=', projectId)
        .where('version', '=', state.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new AppError('WORKFLOW_STALE');
    } else {
      const res = await tx
        .insertInto('project_workflow')
        .values({ project_id: projectId, workflow_version_id: state.workflow.versionId, ...row })
        .onConflict((oc) => oc.column('project_id').doNothing())
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1) throw new AppError('WORKFLOW_STALE');
    }
    const versionId = await storeVersion(tx, projectId, { action: act, stage: state.stage, by: actor.user.id, reason: input.reason ?? null });
    await notifyWorkflowStep(tx, graph, { projectId, projectUnitId: project.unitId, actor, action: act, arrivedAt: next.stage, reason: input.reason ?? null, submittedBy: next.submittedBy ?? state.submittedBy });
    await recordAudit(tx, {
      actorId: actor.user.id,
      action: `workflow.${act}`,
      target: projectId,
      data: { from: state.stage?.id ?? state.status, to: next.stage?.id ?? next.status, reason: input.reason ?? null, version: state.version + 1, versionId },
    });
  });
  await events.publish(projectId, { type: 'workflow', projectId, action: act, version: state.version + 1 });
  return getWorkflow(db, actor, projectId);
}

function forbiddenMessage(action: WorkflowAction, state: WorkflowState, actor: Actor): string {
  if (action === 'withdraw') return '只有提交人可以撤回';
  if (action === 'approve' && state.submittedBy === actor.user.id) return '不能审核通过自己提交的表：须由他人审核';
  const stage = action === 'publish' ? state.workflow.stages[state.workflow.stages.length - 1]! : state.stage!;
  return `只有“${stage.name}”环节的办理人可以${WORKFLOW_ACTIONS[action]}`;
}

function view(state: WorkflowState, actions: WorkflowAction[]): WorkflowView {
  return {
    status: state.status,
    stage: state.stage ? { id: state.stage.id, name: state.stage.name } : null,
    version: state.version,
    actions,
    workflow: {
      id: state.workflow.workflowId,
      name: state.workflow.name,
      version: state.workflow.version,
      stages: state.workflow.stages.map((s) => ({ id: s.id, name: s.name })),
    },
    returnTargets: actions.includes('return') && state.stage ? returnTargets(state.workflow.stages, state.stage.id).map((s) => ({ id: s.id, name: s.name })) : [],
    returnReason: state.returnReason,
    lastAction: state.lastAction,
    submittedBy: state.submittedBy,
  };
}
