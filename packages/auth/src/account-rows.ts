/**
 * Writing an account as rows of better-auth's own tables ("user" and its "credential" account)
 * inside a caller's transaction, so an account and what the application adds to it (a role, an
 * audit record) are created together or not at all. The values are stored the way better-auth's
 * Kysely adapter stores them: booleans as 0/1 and dates as ISO text on SQLite.
 */
import type { Database, Kysely } from '@jixiao/db';
import { SqliteAdapter } from 'kysely';
import type { Auth, SessionUser } from './auth.ts';

export interface PreparedAccount {
  user: SessionUser;
  /** Insert the rows; run it inside the caller's transaction. */
  insert(tx: Kysely<Database>): Promise<void>;
}

/** Hash the password and pick the ids now (slow work outside the transaction). */
export async function prepareAccount(
  auth: Auth,
  input: { email: string; name: string; password: string },
): Promise<PreparedAccount> {
  const ctx = await auth.$context;
  const email = input.email.trim().toLowerCase();
  const userId = ctx.generateId({ model: 'user' }) || crypto.randomUUID();
  const accountId = ctx.generateId({ model: 'account' }) || crypto.randomUUID();
  const password = await ctx.password.hash(input.password);
  const now = new Date().toISOString();
  return {
    user: { id: userId, email, name: input.name },
    async insert(tx) {
      const yes = tx.getExecutor().adapter instanceof SqliteAdapter ? 1 : true;
      // better-auth's tables are not in our typed schema
      const db = tx as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await db
        .insertInto('user')
        .values({ id: userId, email, name: input.name, emailVerified: yes, image: null, createdAt: now, updatedAt: now })
        .execute();
      await db
        .insertInto('account')
        .values({ id: accountId, accountId: userId, providerId: 'credential', userId, password, createdAt: now, updatedAt: now })
        .execute();
    },
  };
}

/** Replace the password of a user's credential account (admin tools and demo mode). */
export async function setPassword(auth: Auth, userId: string, password: string): Promise<void> {
  const ctx = await auth.$context;
  await ctx.internalAdapter.updatePassword(userId, await ctx.password.hash(password));
}

/** End every session of a user (their open sockets are closed by the session re-check). */
export async function revokeSessions(auth: Auth, userId: string): Promise<void> {
  const ctx = await auth.$context;
  await ctx.internalAdapter.deleteUserSessions(userId);
}
