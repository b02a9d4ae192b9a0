import { AUDIT_ACTIONS, AppError, type AuditEntry, isAdmin, listAudit, listUsers } from '@jixiao/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireActor, services } from '../context.server';
import { topBarUser } from '../lib/top-bar-user.server';

/** The filters the page keeps in its URL (the CSV link carries the same ones). */
const AUDIT_FILTERS = ['action', 'actorId', 'target', 'from', 'to'] as const;
const PAGE_SIZE = 20;

/** 审计日志: admins only; a filter that does not parse shows its message over an empty table. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = await requireActor(context, request);
  if (!isAdmin(actor)) throw new Response('只有管理员可以查看审计日志', { status: 403 });
  const { db } = services(context);
  const params = new URL(request.url).searchParams;
  const query: Record<string, string> = {};
  for (const name of [...AUDIT_FILTERS, 'page', 'pageSize']) {
    const value = params.get(name)?.trim();
    if (value) query[name] = value;
  }
  query.pageSize ??= String(PAGE_SIZE);
  let page: { items: AuditEntry[]; total: number } = { items: [], total: 0 };
  let error: string | null = null;
  try {
    page = await listAudit(db, actor, query);
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'INVALID_INPUT') throw e;
    error = e.message;
  }
  const users = await listUsers(db, actor);
  return {
    user: topBarUser(actor),
    items: page.items,
    total: page.total,
    page: Number(query.page ?? 1) || 1,
    pageSize: Number(query.pageSize) || PAGE_SIZE,
    error,
    actions: AUDIT_ACTIONS,
    users: users.map((u) => ({ value: u.id, label: u.name, title: u.email })),
  };
}
