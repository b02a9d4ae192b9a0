/** Who is opening a socket and may they write: the session, then core's access policy. */
import type { IncomingMessage } from 'node:http';
import { AppError, getProject, loadActor, loadUnitGraph } from '@jixiao/core';
import type { Database, Kysely } from '@jixiao/db';
import type { AccessCache } from './access-cache.ts';
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

/**
 * Whether the user may only read the table now; throws AppError 404/403/410 when they may not
 * open it. With a cache, the user's memberships and the unit tree may come from it.
 */
export async function readOnlyAccess(
  db: Kysely<Database>,
  user: { id: string; name: string; email?: string },
  projectId: string,
  cache?: AccessCache,
): Promise<boolean> {
  const lookActor = () => loadActor(db, { id: user.id, name: user.name, email: user.email ?? '' });
  const lookGraph = () => loadUnitGraph(db);
  const [actor, graph] = await Promise.all([cache ? cache.actor(user.id, lookActor) : lookActor(), cache ? cache.unitGraph(lookGraph) : lookGraph()]);
  const project = await getProject(db, actor, projectId, graph);
  return project.access !== 'edit';
}

/** Throws AppError 401 (no session), 404 (unknown project) or 403 (no access). */
export async function authorizeParticipant(
  db: Kysely<Database>,
  resolveSession: ResolveSession,
  cache: AccessCache,
  cookie: string,
  projectId: string,
): Promise<{ participant: Participant; session: SocketSession }> {
  const session = await cache.session(cookie, () => resolveSession(cookieHeaders(cookie)));
  if (!session) throw new AppError('UNAUTHENTICATED', '请先登录（会话无效或已过期）');
  const { user } = session;
  const readOnly = await cache.readOnly(user.id, projectId, () => readOnlyAccess(db, user, projectId, cache));
  return { participant: { userId: user.id, name: user.name, readOnly }, session };
}
