/**
 * The admin routes as every demo role sees them (a permission matrix), the oversight escalation,
 * input validation at the edge, CSRF, atomic account creation and demo accounts outside demo mode.
 */
import { DEMO_PASSWORD, demoAccounts } from '@jixiao/core';
import { sql } from '@jixiao/db';
import { type TestDatabase, testDatabases } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../src/app.ts';
import { api, freePort, originOf, signIn, start } from './helpers.ts';

const REGION = 'u_nx_ybj';
const CITY = 'u_gy_ybj';
const COUNTY = 'u_pl_ybj';
const FINANCE = 'u_nx_czt';

async function startDemo(url: string, demo = true): Promise<RunningApp> {
  return start(url, await freePort(), {}, { demo });
}

async function signInAll(app: RunningApp): Promise<Record<string, string>> {
  const cookies: Record<string, string> = {};
  for (const a of demoAccounts()) cookies[a.email.split('@')[0]!] = await signIn(app, a.email, DEMO_PASSWORD);
  return cookies;
}

const userId = async (app: RunningApp, cookie: string) => ((await api(app, '/api/me', { cookie })).body as { user: { id: string } }).user.id;

describe.each(testDatabases())('admin API on $name', (database: TestDatabase) => {
  let app: RunningApp;
  let url: string;
  let drop: () => Promise<void>;
  let cookies: Record<string, string>;

  beforeAll(async () => {
    ({ url, drop } = await database.create());
    app = await startDemo(url);
    cookies = await signInAll(app);
    // an admin of the city bureau only, made by the region's admin
    const made = await api(app, '/api/users', {
      cookie: cookies.admin,
      method: 'POST',
      body: { email: 'gyadmin@jixiao.test', name: '固原管理', password: 'gy-admin-2026', unitId: CITY, role: 'admin' },
    });
    expect(made.status).toBe(201);
    cookies.gyadmin = await signIn(app, 'gyadmin@jixiao.test', 'gy-admin-2026');
  });

  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('lets each role do exactly what its unit and role allow on every admin route', async () => {
    const pingluo = await userId(app, cookies.pingluo!);
    let n = 0;
    const routes: Record<string, () => { method: string; path: string; body?: unknown }> = {
      'list units': () => ({ method: 'GET', path: '/api/units' }),
      'list users': () => ({ method: 'GET', path: '/api/users' }),
      'add a unit below the region': () => ({
        method: 'POST',
        path: '/api/units',
        body: { name: `新单位${++n}`, kind: 'department', level: 'city', parentId: REGION },
      }),
      'add a finance unit overseeing the region': () => ({
        method: 'POST',
        path: '/api/units',
        body: { name: `新财政${++n}`, kind: 'finance', level: 'region', parentId: FINANCE, oversees: [REGION] },
      }),
      'add a user to the county': () => ({
        method: 'POST',
        path: '/api/users',
        body: { email: `new${++n}@jixiao.test`, name: '新用户', password: 'new-user-2026', unitId: COUNTY, role: 'editor' },
      }),
      'grant a role in the region': () => ({
        method: 'POST',
        path: `/api/users/${pingluo}/roles`,
        body: { unitId: REGION, role: 'reviewer', granted: true },
      }),
      'add a unit below the city': () => ({
        method: 'POST',
        path: '/api/units',
        body: { name: `固原下属${++n}`, kind: 'department', level: 'county', parentId: CITY },
      }),
    };
    const ALL = { 'list units': 200, 'list users': 200 };
    const expected: Record<string, Record<string, number>> = {
      admin: {
        ...ALL,
        'add a unit below the region': 201,
        'add a finance unit overseeing the region': 201,
        'add a user to the county': 201,
        'grant a role in the region': 200,
        'add a unit below the city': 201,
      },
      gyadmin: {
        ...ALL,
        'add a unit below the region': 403,
        'add a finance unit overseeing the region': 403,
        'add a user to the county': 403,
        'grant a role in the region': 403,
        'add a unit below the city': 201,
      },
    };
    for (const who of ['editor', 'editor2', 'reviewer', 'finance', 'approver', 'guyuan', 'pingluo']) {
      expected[who] = Object.fromEntries(Object.keys(routes).map((r) => [r, r in ALL ? 200 : 403]));
    }
    const seen: Record<string, Record<string, number>> = {};
    for (const who of Object.keys(expected)) {
      seen[who] = {};
      for (const [name, route] of Object.entries(routes)) {
        const { method, path, body } = route();
        seen[who][name] = (await api(app, path, { cookie: cookies[who], method, body })).status;
      }
    }
    expect(seen).toEqual(expected);
    // only admins see users
    const users = async (who: string) => (await api(app, '/api/users', { cookie: cookies[who] })).body as unknown[];
    expect((await users('admin')).length).toBeGreaterThan(8);
    expect(await users('editor')).toEqual([]);
  });

  it('keeps a sub-unit admin from overseeing, and so reading, the region', async () => {
    const escalate = await api(app, '/api/units', {
      cookie: cookies.gyadmin,
      method: 'POST',
      body: { name: '固原财政', kind: 'finance', level: 'city', parentId: CITY, oversees: [REGION] },
    });
    expect(escalate).toEqual({ status: 403, body: { error: { code: 'FORBIDDEN', message: '只能监管您管理范围内的单位' } } });
    // overseeing what it administers is fine, and shows nothing beyond it
    const own = await api(app, '/api/units', {
      cookie: cookies.gyadmin,
      method: 'POST',
      body: { name: '固原财政', kind: 'finance', level: 'city', parentId: CITY, oversees: [CITY] },
    });
    expect(own.status).toBe(201);
    const financeId = (own.body as { id: string }).id;
    const me = await userId(app, cookies.gyadmin!);
    const grant = { unitId: financeId, role: 'reviewer', granted: true };
    expect((await api(app, `/api/users/${me}/roles`, { cookie: cookies.gyadmin, method: 'POST', body: grant })).status).toBe(200);
    const projects = (await api(app, '/api/projects', { cookie: await signIn(app, 'gyadmin@jixiao.test', 'gy-admin-2026') }))
      .body as Array<{ unitId: string }>;
    expect(projects.length).toBeGreaterThan(0);
    expect(new Set(projects.map((p) => p.unitId))).toEqual(new Set([CITY]));
    const regionProject = 'p_demo_000_1';
    expect((await api(app, `/api/projects/${regionProject}`, { cookie: cookies.gyadmin })).status).toBe(403);
  });

  it('validates every admin body with clear Chinese messages and stores nothing invalid', async () => {
    const pingluo = await userId(app, cookies.pingluo!);
    const post = (path: string, body: unknown) => api(app, path, { cookie: cookies.admin, method: 'POST', body });
    const refused = async (path: string, body: unknown, message: RegExp) => {
      const res = await post(path, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect((res.body as { error: { code: string; message: string } }).error).toEqual({ code: 'INVALID_INPUT', message: expect.stringMatching(message) });
    };
    const memberships = async () =>
      Number((await app.services.db.selectFrom('membership').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await memberships();
    for (const role of ['__proto__', 'toString', 'constructor', 'hasOwnProperty', '', 1]) {
      await refused(`/api/users/${pingluo}/roles`, { unitId: REGION, role }, /角色无效/);
    }
    await refused(`/api/users/${pingluo}/roles`, { unitId: REGION, role: 'reviewer', granted: 'false' }, /granted/);
    await refused(`/api/users/${pingluo}/roles`, { unitId: {}, role: 'reviewer' }, /单位无效/);
    expect(await memberships()).toBe(before);

    await refused('/api/units', { name: '甲', kind: 'toString', level: 'city', parentId: REGION }, /单位类型无效/);
    await refused('/api/units', { name: '甲', kind: '__proto__', level: 'city', parentId: REGION }, /单位类型无效/);
    await refused('/api/units', { name: 123, kind: 'department', level: 'city', parentId: REGION }, /单位名称必须是文字/);
    await refused('/api/units', { name: '长'.repeat(101), kind: 'department', level: 'city', parentId: REGION }, /不能超过 100/);

    const user = (over: Record<string, unknown>) => ({ email: 'v@jixiao.test', name: '验证', password: 'valid-pass-1', unitId: COUNTY, role: 'editor', ...over });
    await refused('/api/users', user({ password: 123456789 }), /密码必须是文字/);
    await refused('/api/users', user({ password: '        ' }), /密码至少 8 位/);
    await refused('/api/users', user({ password: 'x'.repeat(100_000) }), /不能超过 128/);
    await refused('/api/users', user({ name: { zh: '名' } }), /姓名必须是文字/);
    await refused('/api/users', user({ email: 'not-an-email' }), /邮箱格式不正确/);
    await refused('/api/users', user({ role: '__proto__' }), /角色无效/);
    // a valid password of the longest length signs in
    const longest = 'p'.repeat(128);
    expect((await post('/api/users', user({ email: 'long@jixiao.test', password: longest }))).status).toBe(201);
    await signIn(app, 'long@jixiao.test', longest);

    const project = (body: unknown) => api(app, '/api/projects', { cookie: cookies.editor, method: 'POST', body });
    const huge = await project({ unitId: REGION, name: '项'.repeat(1_000_000 / 3), year: 2026 });
    expect(huge.status).toBe(400);
    expect(JSON.stringify(huge.body)).toMatch(/项目名称不能超过 200 个字/);
    expect((await project({ unitId: REGION, name: '项目', year: '二〇二六' })).status).toBe(400);
    // /admin data stays readable for the admin after all of the above
    expect((await api(app, '/api/users', { cookie: cookies.admin })).status).toBe(200);
  });

  it('bounds bodies before parsing them', async () => {
    const big = JSON.stringify({ unitId: REGION, name: 'x', year: 2026, pad: 'x'.repeat(6 * 1024 * 1024) });
    const started = Date.now();
    const res = await api(app, '/api/projects', { cookie: cookies.editor, method: 'POST', body: big });
    expect(res.status).toBe(413);
    expect((res.body as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses state changes from foreign pages (CSRF) and non-JSON bodies', async () => {
    const count = async () => Number((await app.services.db.selectFrom('project').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const pingluo = await userId(app, cookies.pingluo!);
    const send = (path: string, headers: Record<string, string>, body: string, cookie = cookies.admin!) =>
      fetch(`${app.url}${path}`, { method: 'POST', headers: { cookie, ...headers }, body });
    const csrf = [
      // a form on another site posting text/plain with the victim's cookie
      ['/api/projects', { origin: 'https://evil.example', 'content-type': 'text/plain' }, JSON.stringify({ unitId: REGION, name: '伪造', year: 2026 })],
      [`/api/users/${pingluo}/roles`, { origin: 'https://evil.example', 'content-type': 'text/plain' }, JSON.stringify({ unitId: REGION, role: 'admin' })],
      [`/api/users/${pingluo}/roles`, { origin: 'null', 'content-type': 'application/json' }, JSON.stringify({ unitId: REGION, role: 'admin' })],
      // no Origin and a foreign Referer, and neither at all
      ['/api/projects', { referer: 'https://evil.example/page', 'content-type': 'application/json' }, JSON.stringify({ unitId: REGION, name: '伪造2', year: 2026 })],
      ['/api/projects', { 'content-type': 'application/json' }, JSON.stringify({ unitId: REGION, name: '伪造3', year: 2026 })],
    ] as const;
    for (const [path, headers, body] of csrf) {
      const res = await send(path, headers, body, path === '/api/projects' ? cookies.editor : cookies.admin);
      expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
      expect(await res.json()).toEqual({ error: { code: 'ORIGIN_FORBIDDEN', message: expect.stringMatching(/跨站/) } });
    }
    // our own origin, but not JSON
    const plain = await send('/api/projects', { origin: originOf(app), 'content-type': 'text/plain' }, JSON.stringify({ unitId: REGION, name: '文本', year: 2026 }), cookies.editor);
    expect(plain.status).toBe(415);
    const broken = await send('/api/projects', { origin: originOf(app), 'content-type': 'application/json' }, '{"unitId":', cookies.editor);
    expect(broken.status).toBe(400);
    expect(await count()).toBe(before);
    const me = (await api(app, '/api/me', { cookie: cookies.pingluo })).body as { memberships: Array<{ role: string }> };
    expect(me.memberships.map((m) => m.role)).not.toContain('admin');
    // the same request from our own page works
    const ok = await send('/api/projects', { origin: originOf(app), 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ unitId: REGION, name: '正常新建', year: 2026 }), cookies.editor);
    expect(ok.status).toBe(201);
  });

  it('refuses a second table of the same unit, year and name with 409', async () => {
    const body = { unitId: REGION, name: '重复的项目', year: 2026 };
    expect((await api(app, '/api/projects', { cookie: cookies.editor, method: 'POST', body })).status).toBe(201);
    const again = await api(app, '/api/projects', { cookie: cookies.editor, method: 'POST', body: { ...body, name: ' 重复的项目 ' } });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toMatch(/重复的项目.*2026 年度绩效目标表重复/);
    expect((await api(app, '/api/projects', { cookie: cookies.editor, method: 'POST', body: { ...body, year: 2027 } })).status).toBe(201);
  });

  it('creates an account, its role and its audit record together or not at all', async () => {
    const failing =
      database.name === 'sqlite'
        ? [sql`CREATE TRIGGER fail_membership BEFORE INSERT ON membership BEGIN SELECT RAISE(ABORT, 'boom'); END`]
        : [
            sql`CREATE FUNCTION fail_membership() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$ LANGUAGE plpgsql`,
            sql`CREATE TRIGGER fail_membership BEFORE INSERT ON membership FOR EACH ROW EXECUTE FUNCTION fail_membership()`,
          ];
    for (const s of failing) await s.execute(app.services.db);
    const body = { email: 'atomic@jixiao.test', name: '原子', password: 'atomic-pass-1', unitId: COUNTY, role: 'editor' };
    const failed = await api(app, '/api/users', { cookie: cookies.admin, method: 'POST', body });
    expect(failed.status).toBe(500);
    await sql`DROP TRIGGER fail_membership${database.name === 'postgres' ? sql` ON membership` : sql``}`.execute(app.services.db);
    const left = await app.services.db.selectFrom('user').select('id').where('email', '=', 'atomic@jixiao.test').execute();
    expect(left).toEqual([]);
    // the email is free, and the account works
    expect((await api(app, '/api/users', { cookie: cookies.admin, method: 'POST', body })).status).toBe(201);
    await signIn(app, 'atomic@jixiao.test', 'atomic-pass-1');
    expect((await api(app, '/api/users', { cookie: cookies.admin, method: 'POST', body })).status).toBe(409);
    const audit = await app.services.db.selectFrom('audit').select('action').where('action', '=', 'user.create').where('data', 'like', '%atomic@%').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses demo accounts without demo mode and keeps revoked demo roles revoked', async () => {
    const pingluo = await userId(app, cookies.pingluo!);
    const revoke = { unitId: COUNTY, role: 'editor', granted: false };
    expect((await api(app, `/api/users/${pingluo}/roles`, { cookie: cookies.admin, method: 'POST', body: revoke })).status).toBe(200);
    const oldCookie = cookies.editor!;
    await app.close();

    // without demo mode: no sign-in with the published password, old sessions are gone
    app = await startDemo(url, false);
    await expect(signIn(app, 'editor@jixiao.demo', DEMO_PASSWORD)).rejects.toThrow(/401/);
    expect((await api(app, '/api/me', { cookie: oldCookie })).status).toBe(401);
    expect((await api(app, '/api/demo/accounts')).status).toBe(404);
    // a real account made in the meantime is untouched
    await signIn(app, 'gyadmin@jixiao.test', 'gy-admin-2026');
    await app.close();

    // demo mode again: the demo accounts open, and the revoked role stays revoked
    app = await startDemo(url, true);
    const again = await signIn(app, 'pingluo@jixiao.demo', DEMO_PASSWORD);
    const me = (await api(app, '/api/me', { cookie: again })).body as { memberships: Array<{ unitId: string; role: string }> };
    expect(me.memberships.filter((m) => m.unitId === COUNTY)).toEqual([]);
    await signIn(app, 'editor@jixiao.demo', DEMO_PASSWORD);
  });
});
