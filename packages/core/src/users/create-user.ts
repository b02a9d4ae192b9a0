import { AccountExistsError, type Auth, createAccount } from '@jixiao/auth';
import type { Database, Kysely, Role } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { AppError } from '../errors.ts';
import { administeredUnits } from '../policy.ts';
import { isRole } from '../roles.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';

export interface CreateUserInput {
  email: string;
  name: string;
  password: string;
  unitId: string;
  role: Role;
}

/** Admins create accounts for units they administer, with a first role. */
export async function createUser(
  db: Kysely<Database>,
  auth: Auth,
  actor: Actor,
  input: CreateUserInput,
): Promise<{ id: string }> {
  if (!/^[^@\s]+@[^@\s]+$/.test(input.email ?? '')) throw new AppError('INVALID_INPUT', '邮箱格式不正确');
  if (!input.name?.trim()) throw new AppError('INVALID_INPUT', '请填写姓名');
  if ((input.password ?? '').length < 8) throw new AppError('INVALID_INPUT', '密码至少 8 位');
  if (!isRole(input.role)) throw new AppError('INVALID_INPUT', '角色无效');
  const admin = administeredUnits(actor, await loadUnitGraph(db));
  if (!admin.has(input.unitId)) throw new AppError('FORBIDDEN');
  try {
    const user = await createAccount(auth, { email: input.email, name: input.name.trim(), password: input.password });
    await db.insertInto('membership').values({ user_id: user.id, unit_id: input.unitId, role: input.role }).execute();
    await recordAudit(db, {
      actorId: actor.user.id,
      action: 'user.create',
      target: user.id,
      data: { email: user.email, unitId: input.unitId, role: input.role },
    });
    return { id: user.id };
  } catch (e) {
    if (e instanceof AccountExistsError) throw new AppError('ACCOUNT_EXISTS');
    throw e;
  }
}
