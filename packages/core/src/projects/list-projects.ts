/**
 * The project list: search by name, filter by year, unit and kind, sort, one page at a time.
 * Visibility is decided in SQL (the actor's visible units), so a page costs the same at 10,000
 * projects as at 10; archived tables show only to the admins who may restore them.
 */
import { type Database, type Kysely, type WorkflowStatus, sql } from '@jixiao/db';
import { z } from 'zod';
import type { Actor } from '../actor.ts';
import { parseInput } from '../inputs.ts';
import { type UnitGraph, administeredUnits, canArchiveProject, projectAccess, visibleUnits } from '../policy.ts';
import { signoffCountsOf } from '../signoffs/project-counts.ts';
import type { SignoffCounts } from '../signoffs/signoffs.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';
import { currentEditors, workflowStates } from '../workflow/state.ts';
import { type ProjectView, projectQuery, toView } from './project-view.ts';

export const PROJECT_SORTS = ['year', 'name', 'unit', 'created'] as const;

/** Query-string friendly: every field may come as text. */
export const projectQuerySchema = z.object({
  q: z.string().trim().max(100, { error: '搜索词不能超过 100 个字' }).optional(),
  year: z.coerce.number({ error: '年度无效' }).int().min(2000).max(2100).optional(),
  unitId: z.string().max(64).optional(),
  kind: z.enum(['target', 'self_eval'], { error: '表类型无效' }).optional(),
  sort: z.enum(PROJECT_SORTS, { error: '排序字段无效' }).default('year'),
  order: z.enum(['asc', 'desc'], { error: '排序方向无效' }).optional(),
  page: z.coerce.number({ error: '页码无效' }).int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number({ error: '每页条数无效' }).int().min(1).max(200).default(50),
  archived: z
    .union([z.boolean(), z.enum(['1', '0', 'true', 'false'])])
    .transform((v) => v === true || v === '1' || v === 'true')
    .default(false),
});
export type ProjectQuery = z.input<typeof projectQuerySchema>;

/** A row of the list: the project and how far its indicators are signed off. */
export interface ProjectListItem extends ProjectView {
  /** over the table's indicators, as in the editor's summary (signoffs/project-counts.ts) */
  signoffs: SignoffCounts;
  /** where it stands in its approval workflow */
  workflow: { status: WorkflowStatus; stage: { id: string; name: string } | null };
  /** whether the actor may delete (archive) it now */
  canArchive: boolean;
}

export interface ProjectPage {
  items: ProjectListItem[];
  total: number;
  page: number;
  pageSize: number;
}

/** `graph`: the unit structure when the caller has it already (a page that also lists units). */
export async function searchProjects(
  db: Kysely<Database>,
  actor: Actor,
  raw: ProjectQuery = {},
  graph?: UnitGraph,
): Promise<ProjectPage> {
  const query = parseInput(projectQuerySchema, raw);
  graph ??= await loadUnitGraph(db);
  const units = [...(query.archived ? administeredUnits(actor, graph) : visibleUnits(actor, graph))];
  const empty = { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  if (!units.length) return empty;

  let base = projectQuery(db).where('project.unit_id', 'in', units);
  base = query.archived ? base.where('project.archived_at', 'is not', null) : base.where('project.archived_at', 'is', null);
  if (query.q) base = base.where(sql<boolean>`project.name like ${`%${escapeLike(query.q)}%`} escape '\\'`);
  if (query.year) base = base.where('project.year', '=', query.year);
  if (query.unitId) base = base.where('project.unit_id', '=', query.unitId);
  if (query.kind) base = base.where('project.kind', '=', query.kind);

  const { total } = await base
    .clearSelect()
    .select((e) => e.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const direction = query.order ?? (query.sort === 'year' || query.sort === 'created' ? 'desc' : 'asc');
  const column = { year: 'project.year', name: 'project.name', unit: 'unit.name', created: 'project.created_at' } as const;
  const rows = await base
    .orderBy(column[query.sort], direction)
    // ties: newest year, then name (the order of the list index, so a page needs no full sort)
    .orderBy('project.year', 'desc')
    .orderBy('project.name')
    .orderBy('project.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  // the page's documents only: the cost of a page does not grow with the number of projects
  const signoffs = await signoffCountsOf(db, rows.map((r) => r.id));
  const states = await workflowStates(db, graph, rows.map((r) => ({ id: r.id, unitId: r.unit_id, year: Number(r.year), kind: r.kind })));
  return {
    items: rows.map((r) => {
      const state = states.get(r.id)!;
      return {
        // who edits is the workflow stage's business, as on the table's own page
        ...toView(r, projectAccess(actor, graph, r.unit_id, currentEditors(state)) === 'edit' ? 'edit' : 'read'),
        signoffs: signoffs.get(r.id) ?? { signed: 0, stale: 0, missing: 0 },
        workflow: { status: state.status, stage: state.stage ? { id: state.stage.id, name: state.stage.name } : null },
        canArchive: !r.archived_at && canArchiveProject(actor, graph, r.unit_id, { editors: currentEditors(state), submitted: state.status !== 'draft' }),
      };
    }),
    total: Number(total),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** `%` and `_` typed by the user are literal (`\` is the declared escape). */
function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
