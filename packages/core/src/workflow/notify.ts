/**
 * Who hears of a workflow step, in the step's transaction: the people who act on the stage the
 * table arrives at, and the submitter when it comes back (returned) or is approved/published.
 */
import type { Database, Transaction } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { newId, nowIso } from '../errors.ts';
import type { UnitGraph } from '../policy.ts';
import type { Stage } from './definition.ts';
import { partyMembers } from './party-members.ts';

export interface WorkflowNotice {
  action: string;
  /** the stage the table is at now (null once approved or published) */
  stage: { id: string; name: string } | null;
  reason: string | null;
  by: { id: string; name: string };
}

export async function notifyWorkflowStep(
  tx: Transaction<Database>,
  graph: UnitGraph,
  entry: { projectId: string; projectUnitId: string; actor: Actor; action: string; arrivedAt: Stage | null; reason: string | null; submittedBy: string | null },
): Promise<void> {
  const recipients = new Set<string>();
  if (entry.arrivedAt) {
    for (const userId of await partyMembers(tx, graph, entry.projectUnitId, entry.arrivedAt.actor)) recipients.add(userId);
  }
  if (entry.submittedBy && ['return', 'approve', 'publish'].includes(entry.action)) recipients.add(entry.submittedBy);
  recipients.delete(entry.actor.user.id);
  if (!recipients.size) return;
  const data: WorkflowNotice = {
    action: entry.action,
    stage: entry.arrivedAt ? { id: entry.arrivedAt.id, name: entry.arrivedAt.name } : null,
    reason: entry.reason,
    by: { id: entry.actor.user.id, name: entry.actor.user.name },
  };
  const at = nowIso();
  await tx
    .insertInto('notification')
    .values(
      [...recipients].map((userId) => ({
        id: newId('nt_'),
        user_id: userId,
        kind: 'workflow' as const,
        project_id: entry.projectId,
        thread_id: null,
        comment_id: null,
        created_at: at,
        read_at: null,
        data: JSON.stringify(data),
      })),
    )
    .execute();
}
