/** Who is opening a socket and may they write: the session, then core's access policy. */
import type { IncomingMessage } from 'node:http';
import { AppError, getProject, loadActor } from '@jixiao/core';
import type { Database, Kysely } from '@jixiao/db';
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

/** Throws AppError 401 (no session), 404 (unknown project) or 403 (no access). */
export async function authorizeParticipant(
  db: Kysely<Database>,
  resolveSession: ResolveSession,
  headers: Headers,
  projectId: string,
): Promise<{ participant: Participant; session: SocketSession }> {
  const session = await resolveSession(headers);
  if (!session) throw new AppError('UNAUTHENTICATED', '请先登录（会话无效或已过期）');
  const { user } = session;
  const project = await getProject(db, await loadActor(db, user), projectId);
  return { participant: { userId: user.id, name: user.name, readOnly: project.access !== 'edit' }, session };
}
