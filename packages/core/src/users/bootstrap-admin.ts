/**
 * The way into a deployment without demo mode: from the server's own command line (whoever runs
 * it already holds the database), make the first top-level unit and its administrator. Later
 * admins are made in the app by this one.
 */
import { type Auth, findAccount, prepareAccount } from '@jixiao/auth';
import type { Database, Kysely } from '@jixiao/db';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError, newId, nowIso } from '../errors.ts';
import { createUnitSchema, createUserSchema, parseInput } from '../inputs.ts';

export const bootstrapAdminSchema = z.object({
  email: createUserSchema.shape.email,
  name: createUserSchema.shape.name,
  password: createUserSchema.shape.password,
  unitName: createUnitSchema.shape.name,
  unitKind: createUnitSchema.shape.kind,
  unitLevel: createUnitSchema.shape.level,
});
export type BootstrapAdminInput = z.input<typeof bootstrapAdminSchema>;

/** A top-level unit of that name (made if missing) and a new account that administers it. */
export async function bootstrapAdmin(
  db: Kysely<Database>,
  auth: Auth,
  raw: BootstrapAdminInput,
): Promise<{ userId: string; unitId: string; unitCreated: boolean }> {
  const input = parseInput(bootstrapAdminSchema, raw);
  if (await findAccount(auth, input.email)) throw new AppError('ACCOUNT_EXISTS');
  const account = await prepareAccount(auth, input);
  return db.transaction().execute(async (tx) => {
    const found = await tx
      .selectFrom('unit')
      .select('id')
      .where('name', '=', input.unitName)
      .where('parent_id', 'is', null)
      .executeTakeFirst();
    const unitId = found?.id ?? newId('u_');
    if (!found) {
      await tx
        .insertInto('unit')
        .values({ id: unitId, name: input.unitName, kind: input.unitKind, level: input.unitLevel, parent_id: null, created_at: nowIso() })
        .execute();
    }
    await account.insert(tx);
    await tx.insertInto('membership').values({ user_id: account.user.id, unit_id: unitId, role: 'admin' }).execute();
    await recordAudit(tx, {
      actorId: null,
      action: 'admin.bootstrap',
      target: account.user.id,
      data: { email: account.user.email, unitId, unitCreated: !found },
    });
    return { userId: account.user.id, unitId, unitCreated: !found };
  });
}
