import { AppError, canCreateProject, createProject, listProjects } from '@jixiao/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { field, formAction, requireActor, services } from '../context.server';
import { topBarUser } from '../lib/top-bar-user.server';

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = await requireActor(context, request);
  const projects = await listProjects(services(context).db, actor);
  const creatable = actor.memberships
    .filter((m) => canCreateProject(actor, m.unitId))
    .map((m) => ({ value: m.unitId, label: m.unitName }));
  return { user: topBarUser(actor), projects, creatable, year: new Date().getFullYear() + 1 };
}

export const action = formAction(async ({ context, request }, form) => {
  const actor = await requireActor(context, request);
  try {
    const project = await createProject(services(context).db, actor, {
      unitId: field(form, 'unitId'),
      name: field(form, 'name'),
      year: Number(field(form, 'year')),
    });
    return redirect(`/projects/${project.id}`);
  } catch (e) {
    if (e instanceof AppError) return { error: e.message };
    throw e;
  }
});
