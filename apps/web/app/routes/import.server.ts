import { canCreateProject } from '@jixiao/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireActor } from '../context.server';
import { topBarUser } from '../lib/top-bar-user.server';

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = await requireActor(context, request);
  const creatable = actor.memberships
    .filter((m) => canCreateProject(actor, m.unitId))
    .map((m) => ({ value: m.unitId, label: m.unitName }));
  return { user: topBarUser(actor), creatable, year: new Date().getFullYear() + 1 };
}
