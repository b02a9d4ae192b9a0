/**
 * Sessions that ended (sign-out, revocation). The event is raised by the auth package, where
 * better-auth's hook sees the delete; core re-exports it beside the other events so collab,
 * which does not depend on auth, can listen.
 */
export { type SessionEnded, sessionEvents } from '@jixiao/auth';
