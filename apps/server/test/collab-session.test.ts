/** A socket lives no longer than its session: sign-out, expiry and deletion close it (4401). */
import { DocStore } from '@jixiao/collab';
import { testDatabases } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type SeededApp,
  api,
  connectClient,
  destroyClients,
  openRaw,
  openSeededApp,
  signIn,
  sleep,
  upgradeStatus,
  waitFor,
} from './helpers.ts';

const SESSION_ENDED = 4401;

/** The better-auth session token inside a session cookie (`…session_token=TOKEN.SIGNATURE`). */
function tokenOf(cookie: string): string {
  const value = cookie.split('; ').find((c) => c.includes('session_token='))!.split('=')[1]!;
  return decodeURIComponent(value).split('.')[0]!;
}

describe.each(testDatabases())('collab sessions on $name', (database) => {
  let s: SeededApp;

  beforeAll(async () => {
    // no periodic check during the tests: sign-out must close sockets by itself; the other
    // tests run the check explicitly
    s = await openSeededApp(database, { collabConfig: { sessionCheckIntervalMs: 3_600_000 } });
  });
  afterAll(() => s?.close());

  const storedGoal = async () => {
    await s.app.collab.flush();
    const { updates } = await new DocStore(s.app.services.db).load(s.data.projectId);
    const doc = new Y.Doc();
    for (const u of updates) Y.applyUpdate(doc, u);
    return new TableDoc(doc).goal.toString();
  };

  it('closes the sockets of a session that signs out; later edits are not stored', async () => {
    const cookie = await signIn(s.app, s.data.users.editor.email);
    const c = await connectClient(s.app, s.data.projectId, cookie);
    const other = await connectClient(s.app, s.data.projectId, s.cookies.editor!); // same user, other session
    const closes: number[] = [];
    c.provider.on('connection-close', (e: { code: number } | null) => closes.push(e?.code ?? 0));
    new TableDoc(c.doc).goal.insert(0, '登出前');
    await waitFor(() => new TableDoc(other.doc).goal.toString().includes('登出前'), 'edit before sign-out');

    const out = await api(s.app, '/api/auth/sign-out', { cookie, method: 'POST', body: {} });
    expect(out.status).toBe(200);
    await waitFor(() => closes.includes(SESSION_ENDED), 'socket closed on sign-out', 2000);
    new TableDoc(c.doc).goal.insert(0, '登出后');
    await sleep(300);
    expect(c.provider.wsconnected).toBe(false); // terminal: no reconnect loop
    expect(await storedGoal()).not.toContain('登出后');
    expect(new TableDoc(other.doc).goal.toString()).not.toContain('登出后');
    expect(other.provider.wsconnected).toBe(true); // the user's other session is untouched
    expect((await upgradeStatus(s.app, s.data.projectId, cookie)).status).toBe(401);
    destroyClients(c, other);
  });

  it('closes a socket whose session expired', async () => {
    const cookie = await signIn(s.app, s.data.users.editor2.email);
    const raw = await openRaw(s.app, s.data.projectId, cookie);
    const row = await sql<{ expiresAt: unknown }>`select "expiresAt" from session where token = ${tokenOf(cookie)}`.execute(
      s.app.services.db,
    );
    const current = row.rows[0]!.expiresAt;
    const past = new Date(Date.now() - 1000);
    const value = typeof current === 'number' ? past.getTime() : typeof current === 'string' ? past.toISOString() : past;
    await sql`update session set "expiresAt" = ${value} where token = ${tokenOf(cookie)}`.execute(s.app.services.db);
    await s.app.collab.recheckSessions();
    const closed = await Promise.race([raw.closed, sleep(3000).then(() => ({ code: -1, reason: '' }))]);
    expect(closed.code).toBe(SESSION_ENDED);
    expect(closed.reason).toMatch(/重新登录/);
  });

  it('closes a socket whose session was deleted without a sign-out', async () => {
    const cookie = await signIn(s.app, s.data.users.reviewer.email);
    const raw = await openRaw(s.app, s.data.projectId, cookie);
    await sql`delete from session where token = ${tokenOf(cookie)}`.execute(s.app.services.db);
    const untouched = await openRaw(s.app, s.data.projectId, s.cookies.reviewer!);
    await s.app.collab.recheckSessions();
    const closed = await Promise.race([raw.closed, sleep(3000).then(() => ({ code: -1, reason: '' }))]);
    expect(closed.code).toBe(SESSION_ENDED);
    // valid sessions stay open
    await sleep(100);
    expect(untouched.ws.readyState).toBe(untouched.ws.OPEN);
    untouched.ws.close();
  });
});
