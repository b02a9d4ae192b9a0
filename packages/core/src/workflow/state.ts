/**
 * A table's place in its workflow, read from its project_workflow row (bound at the first
 * transition) or, before that, the start of the workflow it would follow now.
 */
import type { Database, Kysely, WorkflowStatus } from '@jixiao/db';
import type { StageParty } from './definition.ts';
import { type Stage, parseStoredStages } from './definition.ts';
import type { UnitGraph } from '../policy.ts';
import { type WorkflowVersionRef, loadAssignments, resolveWorkflow } from './catalog.ts';

export interface WorkflowState {
  workflow: WorkflowVersionRef;
  /** whether the table is bound to its workflow version (it has been submitted at least once) */
  bound: boolean;
  status: WorkflowStatus;
  /** where it is; null once approved or published */
  stage: Stage | null;
  /** bumped by every transition; 0 before the first */
  version: number;
  submittedBy: string | null;
  actedSinceSubmit: boolean;
  lastAction: string | null;
  returnReason: string | null;
}

/** The columns a state is made of. */
export interface WorkflowRow {
  wf_version_id: string | null;
  wf_workflow_id: string | null;
  wf_name: string | null;
  wf_number: number | null;
  wf_stages: string | null;
  wf_stage_id: string | null;
  wf_status: WorkflowStatus | null;
  wf_version: number | null;
  wf_submitted_by: string | null;
  wf_acted: number | null;
  wf_last_action: string | null;
  wf_return_reason: string | null;
}

/** Build the state; `unbound` is the workflow the table would follow now (resolved by the caller). */
export function workflowState(row: WorkflowRow, unbound: () => WorkflowVersionRef): WorkflowState {
  if (!row.wf_version_id || !row.wf_stages || !row.wf_status) {
    const workflow = unbound();
    return {
      workflow,
      bound: false,
      status: 'draft',
      stage: workflow.stages[0] ?? null,
      version: 0,
      submittedBy: null,
      actedSinceSubmit: false,
      lastAction: null,
      returnReason: null,
    };
  }
  const stages = parseStoredStages(row.wf_stages);
  return {
    workflow: { workflowId: row.wf_workflow_id ?? '', versionId: row.wf_version_id, version: Number(row.wf_number ?? 1), name: row.wf_name ?? '', stages },
    bound: true,
    status: row.wf_status,
    stage: stages.find((s) => s.id === row.wf_stage_id) ?? null,
    version: Number(row.wf_version ?? 0),
    submittedBy: row.wf_submitted_by,
    actedSinceSubmit: Boolean(Number(row.wf_acted ?? 0)),
    lastAction: row.wf_last_action,
    returnReason: row.wf_return_reason,
  };
}

/** Who may edit the table now: the current stage's editors; nobody once it is approved. */
export function currentEditors(state: WorkflowState): readonly StageParty[] {
  if (state.status === 'approved' || state.status === 'published') return [];
  return state.stage?.editors ?? [];
}

/** The workflow state of each project (one query for the bound ones, one for assignments). */
export async function workflowStates(
  db: Kysely<Database>,
  graph: UnitGraph,
  projects: readonly { id: string; unitId: string; year: number; kind: 'target' | 'self_eval' }[],
): Promise<Map<string, WorkflowState>> {
  const out = new Map<string, WorkflowState>();
  if (!projects.length) return out;
  const rows = await db
    .selectFrom('project_workflow as pw')
    .innerJoin('workflow_version as wv', 'wv.id', 'pw.workflow_version_id')
    .innerJoin('workflow as w', 'w.id', 'wv.workflow_id')
    .select([
      'pw.project_id',
      'wv.id as wf_version_id',
      'w.id as wf_workflow_id',
      'w.name as wf_name',
      'wv.version as wf_number',
      'wv.stages as wf_stages',
      'pw.stage_id as wf_stage_id',
      'pw.status as wf_status',
      'pw.version as wf_version',
      'pw.submitted_by as wf_submitted_by',
      'pw.acted_since_submit as wf_acted',
      'pw.last_action as wf_last_action',
      'pw.return_reason as wf_return_reason',
    ])
    .where('pw.project_id', 'in', projects.map((p) => p.id))
    .execute();
  const byId = new Map(rows.map((r) => [r.project_id, r]));
  const unbound = projects.filter((p) => !byId.has(p.id));
  const assignments = unbound.length ? await loadAssignments(db) : [];
  for (const p of projects) {
    out.set(p.id, workflowState(byId.get(p.id) ?? EMPTY_ROW, () => resolveWorkflow(assignments, graph, p)));
  }
  return out;
}

export async function workflowStateOf(
  db: Kysely<Database>,
  graph: UnitGraph,
  project: { id: string; unitId: string; year: number; kind: 'target' | 'self_eval' },
): Promise<WorkflowState> {
  return (await workflowStates(db, graph, [project])).get(project.id)!;
}

const EMPTY_ROW: WorkflowRow = {
  wf_version_id: null,
  wf_workflow_id: null,
  wf_name: null,
  wf_number: null,
  wf_stages: null,
  wf_stage_id: null,
  wf_status: null,
  wf_version: null,
  wf_submitted_by: null,
  wf_acted: null,
  wf_last_action: null,
  wf_return_reason: null,
};
