/**
 * The landing page after sign-in: what waits for me, where the tables I can see stand (by unit,
 * year and stage), and which came back with what reason.
 */
import type { Database, Kysely, WorkflowStatus } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { visibleUnits } from '../policy.ts';
import { projectQuery, toView } from '../projects/project-view.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';
import { type WorkflowAction, allowedActionsFor } from './transitions.ts';
import { parseStoredStages } from './definition.ts';
import { workflowStates } from './state.ts';

export interface PendingItem {
  project: { id: string; name: string; unitName: string; year: number };
  status: WorkflowStatus;
  stage: { id: string; name: string } | null;
  actions: WorkflowAction[];
  since: string;
  returnReason: string | null;
}

export interface StageCount {
  unit: { id: string; name: string };
  year: number;
  status: WorkflowStatus;
  stage: string;
  count: number;
}

export interface Dashboard {
  pending: PendingItem[];
  byStage: StageCount[];
  returned: PendingItem[];
}

/** Most tables a dashboard looks at for pending actions (the oldest moved first). */
const PENDING_SCAN = 500;

export async function dashboard(db: Kysely<Database>, actor: Actor): Promise<Dashboard> {
  const graph = await loadUnitGraph(db);
  const units = [...visibleUnits(actor, graph)];
  if (!units.length) return { pending: [], byStage: [], returned: [] };

  // tables in motion (bound to a workflow) that someone may act on
  const rows = await projectQuery(db)
    .innerJoin('project_workflow as pw', 'pw.project_id', 'project.id')
    .select(['pw.updated_at as wf_updated_at'])
    .where('project.unit_id', 'in', units)
    .where('project.archived_at', 'is', null)
    .where((eb) => eb.or([eb('pw.status', 'in', ['review', 'approved']), eb('pw.last_action', 'in', ['return', 'withdraw'])]))
    .orderBy('pw.updated_at')
    .limit(PENDING_SCAN)
    .execute();
  const views = rows.map((r) => ({ row: r, view: toView(r, 'read') }));
  const states = await workflowStates(db, graph, views.map((v) => v.view));
  const pending: PendingItem[] = [];
  const returned: PendingItem[] = [];
  for (const { row, view } of views) {
    const state = states.get(view.id)!;
    const item: PendingItem = {
      project: { id: view.id, name: view.name, unitName: view.unitName, year: view.year },
      status: state.status,
      stage: state.stage ? { id: state.stage.id, name: state.stage.name } : null,
      actions: allowedActionsFor(actor, graph, view, state).filter((a) => a !== 'withdraw'),
      since: row.wf_updated_at,
      returnReason: state.returnReason,
    };
    if (item.actions.length) pending.push(item);
    if (state.lastAction === 'return') returned.push(item);
  }

  const counts = await db
    .selectFrom('project')
    .innerJoin('unit', 'unit.id', 'project.unit_id')
    .leftJoin('project_workflow as pw', 'pw.project_id', 'project.id')
    .select((eb) => [
      'project.unit_id',
      'unit.name as unit_name',
      'project.year',
      'pw.status',
      'pw.stage_id',
      'pw.workflow_version_id',
      eb.fn.countAll<number>().as('n'),
    ])
    .where('project.unit_id', 'in', units)
    .where('project.archived_at', 'is', null)
    .groupBy(['project.unit_id', 'unit.name', 'project.year', 'pw.status', 'pw.stage_id', 'pw.workflow_version_id'])
    .execute();
  const stageNames = await stageNamesOf(db, [...new Set(counts.map((c) => c.workflow_version_id).filter((v): v is string => !!v))]);
  const merged = new Map<string, StageCount>();
  for (const c of counts) {
    const status = c.status ?? 'draft';
    const stage = c.stage_id ? (stageNames.get(`${c.workflow_version_id}/${c.stage_id}`) ?? c.stage_id) : STATUS_STAGE[status];
    const key = `${c.unit_id}/${c.year}/${status}/${stage}`;
    const entry = merged.get(key) ?? { unit: { id: c.unit_id, name: c.unit_name }, year: Number(c.year), status, stage, count: 0 };
    entry.count += Number(c.n);
    merged.set(key, entry);
  }
  return { pending, byStage: [...merged.values()], returned: returned.slice(-50).reverse() };
}

/** Where a table without a stage stands. */
const STATUS_STAGE: Record<WorkflowStatus, string> = { draft: '单位填报', review: '审核中', approved: '已批复', published: '已公开' };

async function stageNamesOf(db: Kysely<Database>, versionIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!versionIds.length) return out;
  const rows = await db.selectFrom('workflow_version').select(['id', 'stages']).where('id', 'in', versionIds).execute();
  for (const r of rows) {
    for (const s of parseStoredStages(r.stages)) out.set(`${r.id}/${s.id}`, s.name);
  }
  return out;
}
