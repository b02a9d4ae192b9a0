/**
 * better-auth: email + password accounts and cookie sessions, stored through the application's
 * own Kysely connection (SQLite or PostgreSQL). Public sign-up is off: admins create accounts.
 */
import type { DbHandle } from '@jixiao/db';
import { betterAuth } from 'better-auth';
import { makeSignature } from 'better-auth/crypto';
import { getMigrations } from 'better-auth/db/migration';
import { sessionEvents } from './session-events.ts';

export interface AuthConfig {
  db: DbHandle;
  /** The app's public origin, e.g. http://127.0.0.1:3000 */
  baseURL: string;
  secret: string;
  trustedOrigins?: string[];
  /** Sign-ins per 10 s per client before 429; production keeps better-auth's strict default. */
  signInLimit?: number;
}

function options(config: AuthConfig) {
  return {
    database: { db: config.db.db, type: config.db.dialect },
    baseURL: config.baseURL,
    basePath: '/api/auth',
    secret: config.secret,
    trustedOrigins: [config.baseURL, ...(config.trustedOrigins ?? [])] as string[],
    telemetry: { enabled: false },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    // names are the app's (admins set them within its rules, sign-offs and audit records show
    // them to others): a user may not rename themselves through better-auth's own endpoint
    disabledPaths: ['/update-user'] as string[],
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    // sign-out and revocation delete the session row: sockets opened with it must close
    databaseHooks: {
      session: {
        delete: {
          after: async (session: { id: string; userId: string }) => {
            sessionEvents.ended({ sessionId: session.id, userId: session.userId });
          },
        },
      },
    },
    rateLimit: config.signInLimit
      ? { enabled: true, customRules: { '/sign-in/email': { window: 10, max: config.signInLimit } } }
      : undefined,
  } as const;
}

export function createAuth(config: AuthConfig) {
  return betterAuth(options(config));
}

export type Auth = ReturnType<typeof createAuth>;

/** Create better-auth's tables (user, session, account, verification) on the same connection. */
export async function migrateAuth(config: AuthConfig): Promise<void> {
  const { runMigrations } = await getMigrations(options(config));
  await runMigrations();
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/** The signed-in user of a request, or null. Works for HTTP requests and websocket upgrades. */
export async function sessionUser(auth: Auth, headers: Headers): Promise<SessionUser | null> {
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  return { id: session.user.id, email: session.user.email, name: session.user.name };
}

export interface CurrentSession {
  user: SessionUser;
  session: { id: string; expiresAt: Date };
}

/**
 * The session of a request with its id and expiry, for long-lived connections that must end with
 * it. Does not extend the session: a websocket cannot carry the refreshed cookie back.
 */
export async function currentSession(auth: Auth, headers: Headers): Promise<CurrentSession | null> {
  const found = await auth.api.getSession({ headers, query: { disableRefresh: true } });
  if (!found) return null;
  return {
    user: { id: found.user.id, email: found.user.email, name: found.user.name },
    session: { id: found.session.id, expiresAt: new Date(found.session.expiresAt) },
  };
}

/** Create an account with a password (admin action and demo data; sign-up is closed). */
export async function createAccount(
  auth: Auth,
  input: { email: string; name: string; password: string },
): Promise<SessionUser> {
  const ctx = await auth.$context;
  const email = input.email.trim().toLowerCase();
  const existing = await ctx.internalAdapter.findUserByEmail(email);
  if (existing) throw new AccountExistsError(email);
  const user = await ctx.internalAdapter.createUser(
    { email, name: input.name, emailVerified: true },
    { method: 'admin' },
  );
  await ctx.internalAdapter.createAccount({
    userId: user.id,
    providerId: 'credential',
    accountId: user.id,
    password: await ctx.password.hash(input.password),
  });
  return { id: user.id, email: user.email, name: user.name };
}

export async function findAccount(auth: Auth, email: string): Promise<SessionUser | null> {
  const ctx = await auth.$context;
  const found = await ctx.internalAdapter.findUserByEmail(email.trim().toLowerCase());
  return found ? { id: found.user.id, email: found.user.email, name: found.user.name } : null;
}

export class AccountExistsError extends Error {
  readonly email: string;
  constructor(email: string) {
    super(`账号已存在：${email}`);
    this.email = email;
  }
}

/**
 * The session cookie of `token`, signed by better-auth's own signer with the app secret: a
 * token of no session makes a cookie that passes the signature check and is then looked up in
 * the database and not found, as a signed-out user's would be (the start-up warm-up sends one).
 */
export async function signedSessionCookie(auth: Auth, token: string): Promise<string> {
  const ctx = await auth.$context;
  const signature = await makeSignature(token, ctx.secret);
  return `${ctx.authCookies.sessionToken.name}=${encodeURIComponent(`${token}.${signature}`)}`;
}
