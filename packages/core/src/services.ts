import type { Auth, SessionUser } from '@jixiao/auth';
import type { Database, Kysely } from '@jixiao/db';

/** What the server hands every request: the connections, and the signed-in user if any. */
export interface Services {
  db: Kysely<Database>;
  auth: Auth;
  demo: boolean;
}

export interface RequestContext {
  services: Services;
  user: SessionUser | null;
}
