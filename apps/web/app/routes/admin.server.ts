import { AppError, createUnit, createUser, isAdmin, listUnits, listUsers, setRole } from '@jixiao/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { field, formAction, requireActor, services } from '../context.server';
import { topBarUser } from '../lib/top-bar-user.server';

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = await requireActor(context, request);
  if (!isAdmin(actor)) throw new Response('只有管理员可以访问此页面', { status: 403 });
  const { db } = services(context);
  return { user: topBarUser(actor), units: await listUnits(db, actor), users: await listUsers(db, actor) };
}

export const action = formAction(async ({ context, request }, form) => {
  const actor = await requireActor(context, request);
  const { db, auth } = services(context);
  const f = (name: string) => field(form, name);
  try {
    if (f('intent') === 'unit') {
      await createUnit(db, actor, {
        name: f('name'),
        kind: f('kind') as never,
        level: f('level') as never,
        parentId: f('parentId') || null,
        oversees: f('oversees').split(',').filter(Boolean),
      });
      return { intent: 'unit', ok: `已创建单位：${f('name')}` };
    }
    if (f('intent') === 'user') {
      await createUser(db, auth, actor, {
        email: f('email'),
        name: f('name'),
        password: f('password'),
        unitId: f('unitId'),
        role: f('role') as never,
      });
      return { intent: 'user', ok: `已创建用户：${f('email')}` };
    }
    if (f('intent') === 'role') {
      await setRole(db, actor, {
        userId: f('userId'),
        unitId: f('unitId'),
        role: f('role') as never,
        granted: f('granted') === '1',
      });
      return { intent: 'role', ok: f('granted') === '1' ? '已授予角色' : '已撤销角色' };
    }
    return { intent: f('intent'), error: '未知操作' };
  } catch (e) {
    if (e instanceof AppError) return { intent: f('intent'), error: e.message };
    throw e;
  }
});
