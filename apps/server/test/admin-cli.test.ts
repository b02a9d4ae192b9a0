/** The first administrator of a deployment without demo mode, made by `npm run admin -- create`. */
import { spawnSync } from 'node:child_process';
import { type TestDatabase, testDatabases } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET, api, freePort, signIn, start } from './helpers.ts';

const CLI = new URL('../src/admin-cli.ts', import.meta.url).pathname;

function runCli(url: string, args: string[], input?: string) {
  const res = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, DATABASE_URL: url, JIXIAO_SECRET: SECRET, JIXIAO_DEMO: '' },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describe.each(testDatabases())('admin command on $name', (database: TestDatabase) => {
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, drop } = await database.create());
  });
  afterAll(() => drop?.());

  it('makes the first unit and its admin, who can sign in and administer it', async () => {
    const made = runCli(url, ['create', '--email', 'Chief@Finance.gov.cn', '--name', '王局长', '--unit', '某省财政厅', '--kind', 'finance']);
    expect(made.err).not.toMatch(/Error/);
    expect(made.code).toBe(0);
    const password = /初始密码.*: (\S+)/.exec(made.out)?.[1];
    expect(password).toMatch(/^[\w-]{16}$/);

    const app = await start(url, await freePort());
    try {
      const cookie = await signIn(app, 'chief@finance.gov.cn', password);
      const me = (await api(app, '/api/me', { cookie })).body as { memberships: Array<{ unitName: string; unitKind: string; role: string }> };
      expect(me.memberships).toEqual([expect.objectContaining({ unitName: '某省财政厅', unitKind: 'finance', role: 'admin' })]);
      // and administers: adds a unit below it
      const units = (await api(app, '/api/units', { cookie })).body as Array<{ id: string; canAdmin: boolean }>;
      expect(units).toEqual([expect.objectContaining({ canAdmin: true })]);
      const child = await api(app, '/api/units', {
        cookie,
        method: 'POST',
        body: { name: '某省财政厅预算处', kind: 'department', level: 'region', parentId: units[0]!.id },
      });
      expect(child.status).toBe(201);
    } finally {
      await app.close();
    }
  });

  it('takes the password from stdin, reuses a top-level unit of that name, and refuses a taken email', async () => {
    const second = runCli(url, ['create', '--email', 'deputy@finance.gov.cn', '--name', '李副局长', '--unit', '某省财政厅', '--password-stdin'], 'deputy-password-1\n');
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/（已有）/);
    expect(second.out).not.toMatch(/初始密码/);
    const taken = runCli(url, ['create', '--email', 'chief@finance.gov.cn', '--name', 'x', '--unit', '某省财政厅']);
    expect(taken.code).toBe(1);
    expect(taken.err).toMatch(/该邮箱已有账号/);
    const weak = runCli(url, ['create', '--email', 'weak@finance.gov.cn', '--name', 'x', '--unit', '某省财政厅', '--password-stdin'], '        \n');
    expect(weak.code).toBe(1);
    expect(weak.err).toMatch(/密码至少 8 位/);
    expect(runCli(url, ['create', '--email', 'x@y.cn']).code).toBe(2);
    expect(runCli(url, []).err).toMatch(/用法/);

    const app = await start(url, await freePort());
    try {
      await signIn(app, 'deputy@finance.gov.cn', 'deputy-password-1');
      const count = await app.services.db.selectFrom('unit').select('id').execute();
      expect(count).toHaveLength(2);
    } finally {
      await app.close();
    }
  });
});
