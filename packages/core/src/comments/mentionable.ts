/** Who may be @mentioned on a table: everyone who may see it (the mirror of visibleUnits). */
import type { Database, Kysely } from '@jixiao/db';
import type { Actor } from '../actor.ts';
import { getProject } from '../projects/project-view.ts';
import { unitsSeeing } from '../policy.ts';
import { loadUnitGraph } from '../units/unit-graph.ts';

export interface UserRef {
  id: string;
  name: string;
}

/** The users who see a project's unit (ids with names, by name); no access check. */
export async function usersSeeing(db: Kysely<Database>, projectUnitId: string): Promise<UserRef[]> {
  const units = [...unitsSeeing(await loadUnitGraph(db), projectUnitId)];
  if (!units.length) return [];
  return db
    .selectFrom('membership')
    .innerJoin('user', 'user.id', 'membership.user_id')
    .select(['user.id', 'user.name'])
    .where('membership.unit_id', 'in', units)
    .distinct()
    .orderBy('user.name')
    .orderBy('user.id')
    .execute();
}

/** Users who may see the table, for the @mention picker (404 unknown, 403 not one's own). */
export async function listMentionable(db: Kysely<Database>, actor: Actor, projectId: string): Promise<UserRef[]> {
  const project = await getProject(db, actor, projectId);
  return usersSeeing(db, project.unitId);
}
