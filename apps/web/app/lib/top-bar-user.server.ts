import { type Actor, isAdmin, ROLES } from '@jixiao/core';
import type { TopBarUser } from '../components/TopBar';

export function topBarUser(actor: Actor): TopBarUser {
  return {
    name: actor.user.name,
    email: actor.user.email,
    roles: actor.memberships.map((m) => `${m.unitName} · ${ROLES[m.role]}`),
    isAdmin: isAdmin(actor),
  };
}
