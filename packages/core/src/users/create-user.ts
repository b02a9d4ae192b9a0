import { type Auth, findAccount, prepareAccount } from '@jixiao/auth';
import type { Database, Kysely } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { AppError } from '../errors.ts';
import { type CreateUserInput, createUserSchema, parseInput } from '../inputs.ts';
import { administeredUnits } from '../policy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';

export type { CreateUserInput };

/**
 * Admins create accounts for units they administer, with a first role. The account, its role
 * and the audit record are one transaction: a failure leaves no half-made account behind.
 */
export async function createUser(
  db: Kysely<Database>,
  auth: Auth,
  actor: Actor,
  raw: CreateUserInput,
): Promise<{ id: string }> {
  const input = parseInput(createUserSchema, raw);
  const admin = administeredUnits(actor, await loadUnitGraph(db));
  if (!admin.has(input.unitId)) throw new AppError('FORBIDDEN');
  if (await findAccount(auth, input.email)) throw new AppError('ACCOUNT_EXISTS');
  const account = await prepareAccount(auth, input);
  try {
    await db.transaction().execute(async (tx) => {
      await account.insert(tx);
      await tx.insertInto('membership').values({ user_id: account.user.id, unit_id: input.unitId, role: input.role }).execute();
      await recordAudit(tx, {
        actorId: actor.user.id,
        action: 'user.create',
        target: account.user.id,
        data: { email: account.user.email, unitId: input.unitId, role: input.role },
      });
    });
  } catch (e) {
    // two admins creating the same email at once: the unique index decides
    if (await findAccount(auth, input.email)) throw new AppError('ACCOUNT_EXISTS');
    throw e;
  }
  return { id: account.user.id };
}
