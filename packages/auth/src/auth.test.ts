import { type DbHandle, connect, migrateToLatest } from '@jixiao/db';
import { testDatabases } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountExistsError, type Auth, createAccount, createAuth, findAccount, migrateAuth, sessionUser, signedSessionCookie } from './auth.ts';

const ORIGIN = 'http://localhost:3999';

describe.each(testDatabases())('auth on $name', (database) => {
  let handle: DbHandle;
  let auth: Auth;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    handle = connect(created.url);
    const config = { db: handle, baseURL: ORIGIN, secret: 'test-secret-test-secret-test-secret-00' };
    await migrateAuth(config);
    await migrateToLatest(handle.db);
    auth = createAuth(config);
  });
  afterAll(async () => {
    await handle.close();
    await drop();
  });

  const post = (path: string, body: unknown) =>
    auth.handler(
      new Request(`${ORIGIN}/api/auth${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
        body: JSON.stringify(body),
      }),
    );

  it('creates an account whose password signs in to a session', async () => {
    const user = await createAccount(auth, { email: 'Zhang@Example.cn', name: '张三', password: 'password-123' });
    expect(user.email).toBe('zhang@example.cn');
    expect((await findAccount(auth, 'zhang@example.cn'))?.id).toBe(user.id);

    const res = await post('/sign-in/email', { email: 'zhang@example.cn', password: 'password-123' });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(cookie).toMatch(/session_token=/);
    expect(await sessionUser(auth, new Headers({ cookie }))).toEqual({ id: user.id, email: 'zhang@example.cn', name: '张三' });
  });

  it('refuses a wrong password, an unknown cookie and public sign-up', async () => {
    expect((await post('/sign-in/email', { email: 'zhang@example.cn', password: 'nope-nope-nope' })).status).toBe(401);
    expect(await sessionUser(auth, new Headers({ cookie: 'better-auth.session_token=forged.value' }))).toBeNull();
    const signUp = await post('/sign-up/email', { email: 'x@example.cn', password: 'password-123', name: 'x' });
    expect(signUp.status).toBeGreaterThanOrEqual(400);
    expect(await findAccount(auth, 'x@example.cn')).toBeNull();
  });

  it('signs a session token as better-auth does: the cookie it set, and for no session one that reads as signed out', async () => {
    const res = await post('/sign-in/email', { email: 'zhang@example.cn', password: 'password-123' });
    const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
    const token = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1)).split('.')[0]!;
    expect(await signedSessionCookie(auth, token)).toBe(cookie);
    expect((await sessionUser(auth, new Headers({ cookie: await signedSessionCookie(auth, token) })))?.email).toBe('zhang@example.cn');
    expect(await sessionUser(auth, new Headers({ cookie: await signedSessionCookie(auth, 'no-such-session') }))).toBeNull();
  });

  it('refuses to let a user rename themselves (names are set by admins and shown on sign-offs and audit records)', async () => {
    const res = await post('/sign-in/email', { email: 'zhang@example.cn', password: 'password-123' });
    const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
    const update = await auth.handler(
      new Request(`${ORIGIN}/api/auth/update-user`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: ORIGIN, cookie },
        body: JSON.stringify({ name: '孙管理', image: 'javascript:alert(1)' }),
      }),
    );
    expect(update.status).toBe(404);
    expect((await findAccount(auth, 'zhang@example.cn'))?.name).toBe('张三');
  });

  it('refuses a second account with the same email', async () => {
    await expect(createAccount(auth, { email: 'zhang@example.cn', name: '重复', password: 'password-123' })).rejects.toBeInstanceOf(
      AccountExistsError,
    );
  });
});
