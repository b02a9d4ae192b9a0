import { getWorkflow, loadUnitGraph, readTable, signoffMembership } from '@jixiao/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { httpError, requireActor, services } from '../context.server';
import { topBarUser } from '../lib/top-bar-user.server';

/**
 * The project and the server's current copy of its table: the page renders the grid from it
 * (read-only until the live document has synced), so it is visible before any script runs.
 * With it the table's workflow state, so the workflow bar and its banner are in the first paint;
 * the page revalidates this loader when the state moves (project.access follows it).
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(context, request);
  const { project, table } = await readTable(services(context).db, actor, params.id ?? '').catch(httpError);
  const { problems: _problems, ...snapshot } = table;
  // whether to offer 签署 (the server decides again on every sign-off)
  const canSign = signoffMembership(actor, await loadUnitGraph(services(context).db), project.unitId) !== null;
  const workflow = await getWorkflow(services(context).db, actor, project.id).catch(httpError);
  return { project, snapshot, me: { id: actor.user.id, name: actor.user.name }, user: topBarUser(actor), canSign, workflow };
}
