/** Who is opening a socket and may they write: the session, then core's access policy. */
import type { IncomingMessage } from 'node:http';
import { AppError, getProject, loadActor } from '@jixiao/core';
import type { Database, Kysely } from '@jixiao/db';
import type { Participant } from './room.ts';

export type ResolveUser = (headers: Headers) => Promise<{ id: string; email: string; name: string } | null>;

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
  resolveUser: ResolveUser,
  req: IncomingMessage,
  projectId: string,
): Promise<Participant> {
  const user = await resolveUser(headersOf(req));
  if (!user) throw new AppError('UNAUTHENTICATED', '请先登录（会话无效或已过期）');
  const project = await getProject(db, await loadActor(db, user), projectId);
  return { userId: user.id, name: user.name, readOnly: project.access !== 'edit' };
}
