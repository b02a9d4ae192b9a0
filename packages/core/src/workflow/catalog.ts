/**
 * Which workflow a table follows. Definitions are assigned to a unit's subtree (or everywhere),
 * optionally to one year and one table kind; the most specific assignment wins: the nearest
 * unit up the table's chain, then a year match, then a kind match. A table is bound to the
 * version it is submitted under (project_workflow); until then it follows the current one.
 * With no assignment the built-in default of DOMAIN.md applies.
 */
import type { Database, Kysely } from '@jixiao/db';
import { nowIso } from '../errors.ts';
import { type UnitGraph, chainUp } from '../policy.ts';
import { DEFAULT_STAGES, type Stage, parseStoredStages } from './definition.ts';

export interface WorkflowVersionRef {
  workflowId: string;
  versionId: string;
  version: number;
  name: string;
  stages: readonly Stage[];
}

export interface Assignment extends WorkflowVersionRef {
  unitId: string | null;
  year: number | null;
  kind: 'target' | 'self_eval' | null;
}

export const DEFAULT_WORKFLOW: WorkflowVersionRef = Object.freeze({
  workflowId: 'wf_default',
  versionId: 'wfv_default_1',
  version: 1,
  name: '默认审批流程',
  stages: DEFAULT_STAGES,
});

/** Every live assignment with its newest version (a handful of rows). */
export async function loadAssignments(db: Kysely<Database>): Promise<Assignment[]> {
  const rows = await db
    .selectFrom('workflow')
    .innerJoin('workflow_version as v', 'v.workflow_id', 'workflow.id')
    .select(['workflow.id', 'workflow.name', 'workflow.unit_id', 'workflow.year', 'workflow.kind', 'v.id as version_id', 'v.version', 'v.stages'])
    .where('workflow.archived_at', 'is', null)
    .where('workflow.id', '!=', DEFAULT_WORKFLOW.workflowId)
    .where(({ eb, selectFrom }) =>
      eb('v.version', '=', selectFrom('workflow_version as w2').select((e) => e.fn.max('w2.version').as('m')).whereRef('w2.workflow_id', '=', 'workflow.id')),
    )
    .execute();
  return rows.map((r) => ({
    workflowId: r.id,
    versionId: r.version_id,
    version: Number(r.version),
    name: r.name,
    stages: parseStoredStages(r.stages),
    unitId: r.unit_id,
    year: r.year === null ? null : Number(r.year),
    kind: r.kind,
  }));
}

/** The workflow a table of this unit, year and kind follows now. */
export function resolveWorkflow(
  assignments: readonly Assignment[],
  graph: UnitGraph,
  project: { unitId: string; year: number; kind: 'target' | 'self_eval' },
): WorkflowVersionRef {
  const chain = chainUp(graph, project.unitId);
  let best: { ref: Assignment; score: number } | null = null;
  for (const a of assignments) {
    if (a.year !== null && a.year !== project.year) continue;
    if (a.kind !== null && a.kind !== project.kind) continue;
    const depth = a.unitId === null ? chain.length : chain.indexOf(a.unitId);
    if (depth < 0) continue;
    // nearer unit first; then a year, then a kind narrows it
    const score = (chain.length - depth) * 4 + (a.year !== null ? 2 : 0) + (a.kind !== null ? 1 : 0);
    if (!best || score > best.score) best = { ref: a, score };
  }
  return best?.ref ?? DEFAULT_WORKFLOW;
}

/** The default's rows, so a table bound to it has something to reference. */
export async function ensureDefaultWorkflow(db: Kysely<Database>): Promise<void> {
  const at = nowIso();
  await db
    .insertInto('workflow')
    .values({ id: DEFAULT_WORKFLOW.workflowId, name: DEFAULT_WORKFLOW.name, unit_id: null, year: null, kind: null, created_by: null, created_at: at, archived_at: null })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('workflow_version')
    .values({ id: DEFAULT_WORKFLOW.versionId, workflow_id: DEFAULT_WORKFLOW.workflowId, version: 1, stages: JSON.stringify(DEFAULT_WORKFLOW.stages), created_by: null, created_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
