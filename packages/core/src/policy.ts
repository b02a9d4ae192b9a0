/**
 * Who may see, edit and administer what. Every permission rule of the product lives here.
 *
 * - A member of a unit sees the projects of that unit and of every unit below it.
 * - A finance bureau's members also see the units it oversees and everything below those.
 * - Who edits a table is its workflow stage's business (workflow/definition.ts): the parties
 *   the current stage names; everyone else who may see it is read-only. Outside any workflow
 *   (and in its first stage by default) that is the editors (填报人) of the implementing unit.
 * - Admins manage units and users in their own unit's subtree.
 * - A draft's editors or admins delete (archive) it, only admins once it was handed in; only
 *   admins see archived tables and restore them.
 */
import type { UnitKind } from '@jixiao/db';
import type { Actor, Membership } from './actor.ts';
import type { StageParty, StageUnit } from './workflow/definition.ts';

export interface UnitGraph {
  /** unit id → parent id (null at the top) */
  parent: ReadonlyMap<string, string | null>;
  /** finance unit id → ids of the units it oversees */
  oversees: ReadonlyMap<string, readonly string[]>;
  /** unit id → department or finance bureau */
  kinds: ReadonlyMap<string, UnitKind>;
}

export type Access = 'edit' | 'read' | 'none';

/** The ids of a unit and every unit below it. */
export function subtree(graph: UnitGraph, root: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const [id, parent] of graph.parent) {
    if (parent) children.set(parent, [...(children.get(parent) ?? []), id]);
  }
  const out = new Set<string>();
  const stack = [root];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id) || !graph.parent.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

export function visibleUnits(actor: Actor, graph: UnitGraph): Set<string> {
  const out = new Set<string>();
  for (const m of actor.memberships) {
    for (const id of subtree(graph, m.unitId)) out.add(id);
    for (const overseen of graph.oversees.get(m.unitId) ?? []) {
      for (const id of subtree(graph, overseen)) out.add(id);
    }
  }
  return out;
}

/** Who edits a table that is in no workflow stage that says otherwise. */
export const IMPLEMENTING_EDITORS: readonly StageParty[] = Object.freeze([{ role: 'editor', at: 'implementing' }]);

/**
 * What the actor may do with a table of `projectUnitId` while `editors` (the parties of its
 * current workflow stage; none when locked) may edit it.
 */
export function projectAccess(
  actor: Actor,
  graph: UnitGraph,
  projectUnitId: string,
  editors: readonly StageParty[] = IMPLEMENTING_EDITORS,
): Access {
  if (!visibleUnits(actor, graph).has(projectUnitId)) return 'none';
  return editors.some((party) => isParty(actor, graph, projectUnitId, party)) ? 'edit' : 'read';
}

/** The chain from a unit up to the top (the unit first); empty for an unknown unit, safe from cycles. */
export function chainUp(graph: UnitGraph, unitId: string): string[] {
  const chain: string[] = [];
  for (let id: string | null | undefined = unitId; id && graph.parent.has(id) && !chain.includes(id); id = graph.parent.get(id)) {
    chain.push(id);
  }
  return chain;
}

/**
 * The units whose members stand `at` a table of `projectUnitId`: the implementing unit itself;
 * its supervising departments (the departments of its chain, itself included: a bureau's own
 * reviewers check what its 填报人 wrote); or the finance bureaus overseeing any of that chain.
 */
export function unitsAt(graph: UnitGraph, projectUnitId: string, at: StageUnit): Set<string> {
  if (at === 'implementing') return new Set(graph.parent.has(projectUnitId) ? [projectUnitId] : []);
  const chain = chainUp(graph, projectUnitId);
  if (at === 'supervising') return new Set(chain.filter((id) => graph.kinds.get(id) !== 'finance'));
  const out = new Set<string>();
  for (const [financeId, overseen] of graph.oversees) {
    if (overseen.some((id) => chain.includes(id))) out.add(financeId);
  }
  return out;
}

/** Whether the actor holds the party's role at one of its units for this table. */
export function isParty(actor: Actor, graph: UnitGraph, projectUnitId: string, party: StageParty): boolean {
  const units = unitsAt(graph, projectUnitId, party.at);
  return actor.memberships.some((m) => m.role === party.role && units.has(m.unitId));
}

/** Editors create tables for their own unit. */
export function canCreateProject(actor: Actor, unitId: string): boolean {
  return actor.memberships.some((m) => m.unitId === unitId && m.role === 'editor');
}

/** Units an admin may manage: the subtree of every unit where they are admin. */
export function administeredUnits(actor: Actor, graph: UnitGraph): Set<string> {
  const out = new Set<string>();
  for (const m of actor.memberships) {
    if (m.role === 'admin') for (const id of subtree(graph, m.unitId)) out.add(id);
  }
  return out;
}

export function isAdmin(actor: Actor): boolean {
  return actor.memberships.some((m) => m.role === 'admin');
}

/**
 * Deleting a table archives it: whoever may edit it now (its workflow stage's editors) or an
 * admin of its unit. Once it has been handed in for review, approved or published it is a
 * record: only an admin may take it away (a draft that came back from review is a draft again).
 */
export function canArchiveProject(
  actor: Actor,
  graph: UnitGraph,
  projectUnitId: string,
  workflow: { editors: readonly StageParty[]; submitted: boolean },
): boolean {
  if (administeredUnits(actor, graph).has(projectUnitId)) return true;
  return !workflow.submitted && projectAccess(actor, graph, projectUnitId, workflow.editors) === 'edit';
}

/** Only an admin of its unit sees archived tables and restores them. */
export function canRestoreProject(actor: Actor, graph: UnitGraph, projectUnitId: string): boolean {
  return administeredUnits(actor, graph).has(projectUnitId);
}

/**
 * The units whose members see a table of `projectUnitId` (the mirror of visibleUnits): the unit
 * itself and every unit above it, and the finance bureaus overseeing any of those.
 */
export function unitsSeeing(graph: UnitGraph, projectUnitId: string): Set<string> {
  const chain = new Set(chainUp(graph, projectUnitId));
  const out = new Set(chain);
  for (const [finance, overseen] of graph.oversees) {
    if (overseen.some((id) => chain.has(id))) out.add(finance);
  }
  return out;
}

/**
 * Comments (the review loop's conversation):
 * - anyone who may see a table comments on it, starts threads and is someone to @mention:
 *   reviewers of the supervising department and of the finance bureau ask their questions in
 *   writing, editors answer;
 * - only the author edits or deletes a comment (no one rewrites another's words, admins included);
 * - anyone who may see the table resolves or reopens a thread: resolving is reversible, audited
 *   and shown with who did it, and both sides must be able to close a question once it is
 *   answered (the asker, or the editor who fixed the row). A stricter rule, if the workflow
 *   wants one, belongs here.
 */
export function canComment(access: Access): boolean {
  return access !== 'none';
}

export function canResolveThread(access: Access): boolean {
  return access !== 'none';
}

export function canChangeComment(actor: Actor, authorId: string): boolean {
  return actor.user.id === authorId;
}

/**
 * Sign-off (the review loop's 签署): the reviewers (审核人) and approvers (审批人) of the units that
 * oversee a table sign off its indicators, header sections or the whole table:
 * - the supervising department (主管部门): the table's unit itself (a department's own reviewers
 *   check what its 填报人 wrote) and every unit above it;
 * - the finance bureaus (财政) overseeing any of those.
 * Editors (填报人) and admins sign nothing in that role, and read-only viewers of other units none.
 * Returns the membership the signer acts in (approver before reviewer, then in the actor's
 * membership order), or null when they may not sign.
 */
export const SIGNOFF_ROLES: readonly Membership['role'][] = ['approver', 'reviewer'];

export function signoffMembership(actor: Actor, graph: UnitGraph, projectUnitId: string): Membership | null {
  const overseeing = unitsSeeing(graph, projectUnitId);
  for (const role of SIGNOFF_ROLES) {
    const m = actor.memberships.find((x) => x.role === role && overseeing.has(x.unitId));
    if (m) return m;
  }
  return null;
}

/**
 * A sign-off is revoked by its signer, or by an admin of the unit the signer acted for (someone
 * left, or signed by mistake and is away). Four-eyes (the last changer of a part may not sign
 * it) is checked by the service against `part_change`.
 */
export function canRevokeSignoff(actor: Actor, graph: UnitGraph, signoff: { userId: string; unitId: string }): boolean {
  return actor.user.id === signoff.userId || administeredUnits(actor, graph).has(signoff.unitId);
}
