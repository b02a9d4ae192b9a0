/** Who is opening a socket and may they write: the session, then core's access policy. */
import type { IncomingMessage } from 'node:http';
import { AppError, getProjects, loadActor, loadUnitGraph } from '@jixiao/core';
import type { Database, Kysely } from '@jixiao/db';
import type { AccessCache } from './access-cache.ts';
import { Batcher } from './batcher.ts';
import type { Participant } from './room.ts';

export interface SocketSession {
  user: { id: string; email: string; name: string };
  session: { id: string; expiresAt: Date };
}

/** The session of a request's cookie, or null (none, expired or signed out). */
export type ResolveSession = (headers: Headers) => Promise<SocketSession | null>;

export function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const item of v) headers.append(k, item);
    else if (v !== undefined) headers.set(k, v);
  }
  return headers;
}

/** The session travels in the cookie alone: only it is kept (a socket's lifetime) and passed on. */
export function cookieHeaders(cookie: string): Headers {
  const headers = new Headers();
  if (cookie) headers.set('cookie', cookie);
  return headers;
}

type User = { id: string; name: string; email?: string };

/**
 * Whether users may only read tables, looked up in batches (batcher.ts): the tables a user asks
 * for together cost one getProjects (three queries), however many. The answer for a table the
 * user may not open is the AppError getProject throws (404/403/410). With a cache, the user's
 * memberships and the unit tree may come from it; without, everything is read afresh.
 */
export class AccessLookups {
  private readonly batcher: Batcher<{ user: User; projectId: string }, boolean>;

  constructor(db: Kysely<Database>, cache?: AccessCache) {
    this.batcher = new Batcher(async (asked) => {
      const byUser = new Map<string, { user: User; keys: Map<string, string> }>();
      for (const [key, { user, projectId }] of asked) {
        const entry = byUser.get(user.id) ?? { user, keys: new Map<string, string>() };
        entry.keys.set(key, projectId);
        byUser.set(user.id, entry);
      }
      const out = new Map<string, boolean | Error>();
      await Promise.all(
        [...byUser.values()].map(async ({ user, keys }) => {
          try {
            const lookActor = () => loadActor(db, { id: user.id, name: user.name, email: user.email ?? '' });
            const lookGraph = () => loadUnitGraph(db);
            const [actor, graph] = await Promise.all([cache ? cache.actor(user.id, lookActor) : lookActor(), cache ? cache.unitGraph(lookGraph) : lookGraph()]);
            const views = await getProjects(db, actor, [...keys.values()], graph);
            for (const [key, projectId] of keys) {
              const view = views.get(projectId)!;
              out.set(key, view instanceof AppError ? view : view.access !== 'edit');
            }
          } catch (e) {
            for (const key of keys.keys()) out.set(key, e instanceof Error ? e : new Error(String(e)));
          }
        }),
      );
      return out;
    });
  }

  /** Whether the user may only read the table now; rejects with AppError 404/403/410 when they may not open it. */
  readOnly(user: User, projectId: string): Promise<boolean> {
    return this.batcher.load(`${user.id}\u0000${projectId}`, { user, projectId });
  }
}

/** Throws AppError 401 (no session), 404 (unknown project) or 403 (no access). */
export async function authorizeParticipant(
  resolveSession: ResolveSession,
  cache: AccessCache,
  lookups: AccessLookups,
  cookie: string,
  projectId: string,
): Promise<{ participant: Participant; session: SocketSession }> {
  const session = await cache.session(cookie, () => resolveSession(cookieHeaders(cookie)));
  if (!session) throw new AppError('UNAUTHENTICATED', '请先登录（会话无效或已过期）');
  const { user } = session;
  const readOnly = await cache.readOnly(user.id, projectId, () => lookups.readOnly(user, projectId));
  return { participant: { userId: user.id, name: user.name, readOnly }, session };
}
