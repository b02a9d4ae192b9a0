/** Append-only audit trail: who did what to which target, with JSON details. */
import type { Database, Kysely } from '@jixiao/db';
import { nowIso } from '../errors.ts';

/** Where an action came from, when it came over HTTP. */
export interface AuditOrigin {
  ip?: string | null;
  userAgent?: string | null;
}

export async function recordAudit(
  db: Kysely<Database>,
  entry: { actorId: string | null; action: string; target: string; data?: unknown; origin?: AuditOrigin },
): Promise<void> {
  await db
    .insertInto('audit')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      target: entry.target,
      data: JSON.stringify(entry.data ?? {}),
      at: nowIso(),
      ip: entry.origin?.ip?.slice(0, 64) ?? null,
      user_agent: entry.origin?.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
}
