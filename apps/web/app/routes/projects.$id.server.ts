import { getProject } from '@jixiao/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { httpError, requireActor, services } from '../context.server';
import { topBarUser } from '../lib/top-bar-user.server';

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(context, request);
  const project = await getProject(services(context).db, actor, params.id ?? '').catch(httpError);
  return { project, me: { id: actor.user.id, name: actor.user.name }, user: topBarUser(actor) };
}
