import { officialTable } from '@jixiao/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { httpError, requireActor, services } from '../context.server';

/** The stored table of a project, for its print view (404 unknown, 403 not the actor's, 410 deleted). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(context, request);
  return officialTable(services(context).db, actor, params.id ?? '').catch(httpError);
}
