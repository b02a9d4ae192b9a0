import {
  AppError,
  ROLES,
  STAGE_UNITS,
  archiveWorkflowDefinition,
  createWorkflowDefinition,
  isAdmin,
  listUnits,
  listWorkflowDefinitions,
  updateWorkflowDefinition,
} from '@jixiao/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { field, formAction, httpError, requireActor, services } from '../context.server';
import { topBarUser } from '../lib/top-bar-user.server';

/** 审批流程: the definitions an admin manages, the built-in default first (read-only). */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = await requireActor(context, request);
  if (!isAdmin(actor)) throw new Response('只有管理员可以访问此页面', { status: 403 });
  const { db } = services(context);
  const [definitions, units] = await Promise.all([listWorkflowDefinitions(db, actor).catch(httpError), listUnits(db, actor)]);
  return {
    user: topBarUser(actor),
    definitions,
    units: units.filter((u) => u.canAdmin).map((u) => ({ value: u.id, label: u.name, title: u.name })),
    stageUnits: STAGE_UNITS,
    roles: { editor: ROLES.editor, reviewer: ROLES.reviewer, approver: ROLES.approver },
  };
}

/**
 * `save` carries the whole definition as JSON (`payload`), checked by core's schema; its first
 * problem comes back in Chinese and is shown beside the form. `archive` stops assigning one.
 */
export const action = formAction(async ({ context, request }, form) => {
  const actor = await requireActor(context, request);
  const { db } = services(context);
  const intent = field(form, 'intent');
  const id = field(form, 'id');
  try {
    if (intent === 'save') {
      let input: unknown;
      try {
        input = JSON.parse(field(form, 'payload'));
      } catch {
        return { intent, ok: false as const, error: '提交的流程内容无法读取，请刷新页面后重试' };
      }
      const saved = id
        ? await updateWorkflowDefinition(db, actor, id, input as never)
        : await createWorkflowDefinition(db, actor, input as never);
      return { intent, ok: true as const, id: saved.id, message: id ? `已保存“${saved.name}”（第 ${saved.version} 版）` : `已新建“${saved.name}”` };
    }
    if (intent === 'archive') {
      await archiveWorkflowDefinition(db, actor, id);
      return { intent, ok: true as const, id, message: '已停用该流程：新表不再使用它，流转中的表按原流程完成' };
    }
    return { intent, ok: false as const, error: '未知操作' };
  } catch (e) {
    if (e instanceof AppError) return { intent, ok: false as const, error: e.message };
    throw e;
  }
});
