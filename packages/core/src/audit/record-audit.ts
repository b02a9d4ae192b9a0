/** Append-only audit trail: who did what to which target, with JSON details. */
import type { Database, Kysely } from '@jixiao/db';
import { nowIso } from '../errors.ts';
import { currentAuditOrigin } from './request-origin.ts';

export async function recordAudit(
  db: Kysely<Database>,
  entry: { actorId: string | null; action: string; target: string; data?: unknown },
): Promise<void> {
  const origin = currentAuditOrigin();
  await db
    .insertInto('audit')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      target: entry.target,
      data: JSON.stringify(entry.data ?? {}),
      at: nowIso(),
      ip: origin?.ip?.slice(0, 64) ?? null,
      user_agent: origin?.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
}
