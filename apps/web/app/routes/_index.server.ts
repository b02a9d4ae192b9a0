import {
  AppError,
  type ProjectQuery,
  archiveProject,
  canCreateProject,
  canRestoreProject,
  createProject,
  isAdmin,
  listUnits,
  loadUnitGraph,
  restoreProject,
  searchProjects,
} from '@jixiao/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { field, formAction, requireActor, services } from '../context.server';
import { topBarUser } from '../lib/top-bar-user.server';

/** The list's default page size when the URL names none. */
const DEFAULT_PAGE_SIZE = 20;

/** The list's query as the URL holds it: only parameters that are set reach the service. */
function queryOf(params: URLSearchParams): ProjectQuery {
  const pick = (name: string) => params.get(name)?.trim() || undefined;
  return {
    q: pick('q'),
    year: pick('year'),
    unitId: pick('unitId'),
    kind: pick('kind') as ProjectQuery['kind'],
    sort: pick('sort') as ProjectQuery['sort'],
    order: pick('order') as ProjectQuery['order'],
    page: pick('page'),
    pageSize: pick('pageSize') ?? DEFAULT_PAGE_SIZE,
    archived: pick('archived') === '1' ? '1' : undefined,
  } as ProjectQuery;
}

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = await requireActor(context, request);
  const { db } = services(context);
  const url = new URL(request.url);
  const admin = isAdmin(actor);
  const [graph, units] = await Promise.all([loadUnitGraph(db), listUnits(db, actor)]);
  let found: Awaited<ReturnType<typeof searchProjects>>;
  let error: string | null = null;
  try {
    found = await searchProjects(db, actor, queryOf(url.searchParams), graph);
  } catch (e) {
    // a hand-edited URL (page=abc, sort=foo) shows its message over an empty list, never a 500
    if (!(e instanceof AppError) || e.code !== 'INVALID_INPUT') throw e;
    error = e.message;
    found = { items: [], total: 0, page: 1, pageSize: DEFAULT_PAGE_SIZE };
  }
  // past the last page (the last row of a page was deleted, an old link): go to the last page
  const lastPage = Math.max(1, Math.ceil(found.total / found.pageSize));
  if (found.page > lastPage) {
    url.searchParams.set('page', String(lastPage));
    throw redirect(url.pathname + url.search);
  }
  const creatable = actor.memberships
    .filter((m) => canCreateProject(actor, m.unitId))
    .map((m) => ({ value: m.unitId, label: m.unitName }));
  return {
    user: topBarUser(actor),
    projects: found.items.map((p) => ({
      ...p,
      canRestore: !!p.archivedAt && canRestoreProject(actor, graph, p.unitId),
    })),
    total: found.total,
    page: found.page,
    pageSize: found.pageSize,
    error,
    units: units.map((u) => ({ value: u.id, label: u.name })),
    creatable,
    /** only admins see and restore deleted tables */
    canSeeArchived: admin,
    year: new Date().getFullYear() + 1,
  };
}

export const action = formAction(async ({ context, request }, form) => {
  const actor = await requireActor(context, request);
  const { db } = services(context);
  const intent = field(form, 'intent') || 'create';
  try {
    if (intent === 'archive') {
      await archiveProject(db, actor, field(form, 'id'));
      return { intent, ok: true };
    }
    if (intent === 'restore') {
      await restoreProject(db, actor, field(form, 'id'));
      return { intent, ok: true };
    }
    if (intent !== 'create') return { intent, ok: false, error: '未知操作' };
    const project = await createProject(db, actor, {
      unitId: field(form, 'unitId'),
      name: field(form, 'name'),
      year: Number(field(form, 'year')),
    });
    return redirect(`/projects/${project.id}`);
  } catch (e) {
    if (e instanceof AppError) return { intent, ok: false, error: e.message };
    throw e;
  }
});
