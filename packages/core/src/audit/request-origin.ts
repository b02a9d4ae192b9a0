/**
 * Where the current request came from (client address, user agent), for the audit records it
 * writes. Set once per request at the HTTP edge; every service's recordAudit reads it, so no
 * action has to pass it along and none can forget it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface AuditOrigin {
  ip?: string | null;
  userAgent?: string | null;
}

const current = new AsyncLocalStorage<AuditOrigin>();

/** Run `fn` (a request's handling) with its origin known to the audit records it writes. */
export function withAuditOrigin<T>(origin: AuditOrigin, fn: () => T): T {
  return current.run(origin, fn);
}

export function currentAuditOrigin(): AuditOrigin | undefined {
  return current.getStore();
}
