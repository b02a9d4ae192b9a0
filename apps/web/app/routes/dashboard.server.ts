import { WORKFLOW_ACTIONS, WORKFLOW_STATUS, dashboard } from '@jixiao/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { httpError, requireActor, services } from '../context.server';
import { topBarUser } from '../lib/top-bar-user.server';

/** 工作台: what waits for this user, where the tables they can see stand, what came back and why. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = await requireActor(context, request);
  const data = await dashboard(services(context).db, actor).catch(httpError);
  return {
    user: topBarUser(actor),
    ...data,
    actionLabels: WORKFLOW_ACTIONS,
    statusLabels: WORKFLOW_STATUS,
  };
}
