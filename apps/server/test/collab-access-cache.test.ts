/**
 * Upgrades keep their session and access look-ups for a while (AccessCache), yet a change of
 * access takes effect for the very next socket: kept far longer than anyone would configure,
 * only the invalidation can explain these answers.
 */
import { createAccount } from '@jixiao/auth';
import { testDatabases } from '@jixiao/db/testing';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type SeededApp, api, openRaw, openSeededApp, signIn, upgradeStatus, varUint, waitFor } from './helpers.ts';

/** A sync-update frame with a real edit: a read-only socket answers it with permission denied. */
function editFrame(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('probe').set('k', 'v');
  const update = Y.encodeStateAsUpdate(doc);
  return Uint8Array.from([0, 2, ...varUint(update.byteLength), ...update]);
}

describe.each(testDatabases())('collab access cache on $name', (database) => {
  let env: SeededApp;
  let admin: string;

  beforeAll(async () => {
    env = await openSeededApp(database, { collabConfig: { accessCacheMs: 600_000 } });
    const { db, auth } = env.app.services;
    const user = await createAccount(auth, { email: 'admin@jixiao.test', name: 'admin', password: PASSWORD });
    await db.insertInto('membership').values({ user_id: user.id, unit_id: env.data.units.dept, role: 'admin' }).execute();
    admin = await signIn(env.app, 'admin@jixiao.test');
  });

  afterAll(() => env?.close());

  it('refuses the next socket of a user whose role was revoked, despite a warm cache', async () => {
    const { projectId, units, users } = env.data;
    for (let i = 0; i < 2; i++) expect((await upgradeStatus(env.app, projectId, env.cookies.editor2)).status).toBe(101);
    const revoked = await api(env.app, `/api/users/${users.editor2.id}/roles`, {
      cookie: admin,
      method: 'POST',
      body: { unitId: units.dept, role: 'editor', granted: false },
    });
    expect(revoked.status).toBeLessThan(300);
    expect((await upgradeStatus(env.app, projectId, env.cookies.editor2)).status).toBe(403);
  });

  it('opens the next socket read-only once the table is submitted, despite a warm cache', async () => {
    const { projectId } = env.data;
    const before = await openRaw(env.app, projectId, env.cookies.editor!);
    before.ws.close();
    const submitted = await api(env.app, `/api/projects/${projectId}/workflow/submit`, { cookie: env.cookies.editor, method: 'POST', body: { expectedVersion: 0 } });
    expect(submitted.status).toBe(200);
    const after = await openRaw(env.app, projectId, env.cookies.editor!);
    try {
      after.ws.send(editFrame());
      // y-protocols auth message: permission denied (read-only)
      await waitFor(() => after.frames.some((f) => f[0] === 2), 'permission denied for the read-only socket', 5000);
    } finally {
      after.ws.close();
    }
  });

  it('refuses the next socket of a session that signed out, despite a warm cache', async () => {
    const cookie = await signIn(env.app, env.data.users.reviewer.email);
    expect((await upgradeStatus(env.app, env.data.projectId, cookie)).status).toBe(101);
    const out = await api(env.app, '/api/auth/sign-out', { cookie, method: 'POST', body: {} });
    expect(out.status).toBe(200);
    expect((await upgradeStatus(env.app, env.data.projectId, cookie)).status).toBe(401);
  });
});
