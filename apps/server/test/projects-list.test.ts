/** The project list (search, filters, sort, pages) and deleting (archiving) and restoring tables. */
import { createAccount } from '@jixiao/auth';
import { testDatabases } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../src/app.ts';
import { PASSWORD, type Seed, type SeededApp, api, openRaw, openSeededApp, originOf, signIn, upgradeStatus } from './helpers.ts';

describe.each(testDatabases())('project list on $name', (database) => {
  let env: SeededApp;
  let app: RunningApp;
  let data: Seed;
  let cookies: Record<string, string>;
  const names = (body: unknown) => (body as Array<{ name: string }>).map((p) => p.name);

  beforeAll(async () => {
    env = await openSeededApp(database);
    ({ app, data, cookies } = env);
    const admin = await createAccount(app.services.auth, { email: 'admin@jixiao.test', name: '管理员', password: PASSWORD });
    await app.services.db.insertInto('membership').values({ user_id: admin.id, unit_id: data.units.dept, role: 'admin' }).execute();
    cookies.admin = await signIn(app, 'admin@jixiao.test');
    // 24 more tables over three years in the region, 5 in the city below it
    for (let i = 0; i < 24; i++) {
      const body = { unitId: data.units.dept, name: `项目${String(i).padStart(2, '0')}${i % 4 === 0 ? '（信息化）' : ''}`, year: 2024 + (i % 3) };
      expect((await api(app, '/api/projects', { cookie: cookies.editor, method: 'POST', body })).status).toBe(201);
    }
    for (let i = 0; i < 5; i++) {
      const body = { unitId: data.units.sub, name: `市级项目${i}`, year: 2026 };
      expect((await api(app, '/api/projects', { cookie: cookies.subEditor, method: 'POST', body })).status).toBe(201);
    }
  });

  afterAll(() => env?.close());

  const list = async (who: string, query = '') => {
    const res = await fetch(`${app.url}/api/projects${query}`, { headers: { cookie: cookies[who]!, origin: originOf(app) } });
    expect(res.status).toBe(200);
    return { items: (await res.json()) as Array<{ id: string; name: string; year: number; unitId: string }>, total: Number(res.headers.get('x-total-count')) };
  };

  it('pages through everything one may see, newest year first, without repeats', async () => {
    const all = await list('editor', '?pageSize=200');
    expect(all.total).toBe(30); // seed project + 24 + 5 in the city below
    const seen: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const { items, total } = await list('editor', `?pageSize=8&page=${page}`);
      expect(total).toBe(30);
      seen.push(...items.map((p) => p.id));
    }
    expect(seen).toEqual(all.items.map((p) => p.id));
    expect(new Set(seen).size).toBe(30);
    const years = all.items.map((p) => p.year);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    // a page of JSON travels compressed
    const raw = await fetch(`${app.url}/api/projects?pageSize=200`, { headers: { cookie: cookies.editor!, 'accept-encoding': 'gzip' } });
    expect(raw.headers.get('content-encoding')).toBe('gzip');
    expect(((await raw.json()) as unknown[]).length).toBe(30);
    // the city's editor sees only the city's tables
    expect((await list('subEditor')).total).toBe(5);
    expect((await list('outsider')).total).toBe(0);
  });

  it('searches by name (literally) and filters by year, unit and kind; sorts by name', async () => {
    expect(names((await list('editor', `?q=${encodeURIComponent('信息化')}`)).items)).toEqual([
      '项目08（信息化）', // 2026
      '项目20（信息化）',
      '项目04（信息化）', // 2025
      '项目16（信息化）',
      '项目00（信息化）', // 2024
      '项目12（信息化）',
    ]);
    expect((await list('editor', '?q=%25')).total).toBe(0); // a typed % matches only a real %
    expect((await list('editor', '?q=_')).total).toBe(0);
    const y2025 = await list('editor', '?year=2025');
    expect(y2025.total).toBe(8);
    expect(y2025.items.every((p) => p.year === 2025)).toBe(true);
    const city = await list('editor', `?unitId=${data.units.sub}&sort=name`);
    expect(names(city.items)).toEqual(['市级项目0', '市级项目1', '市级项目2', '市级项目3', '市级项目4']);
    expect(names((await list('editor', `?unitId=${data.units.sub}&sort=name&order=desc`)).items)[0]).toBe('市级项目4');
    expect((await list('editor', '?kind=self_eval')).total).toBe(0);
    const bad = await api(app, '/api/projects?sort=__proto__', { cookie: cookies.editor });
    expect(bad).toEqual({ status: 400, body: { error: { code: 'INVALID_INPUT', message: '排序字段无效' } } });
    expect((await api(app, '/api/projects?pageSize=100000', { cookie: cookies.editor })).status).toBe(400);
  });

  it('deletes by archiving: gone for everyone, audited, restorable only by an admin', async () => {
    const target = (await list('editor', `?q=${encodeURIComponent('项目01')}`)).items[0]!;
    const del = (who: string) => api(app, `/api/projects/${target.id}`, { cookie: cookies[who], method: 'DELETE' });
    expect((await del('reviewer')).status).toBe(403);
    expect((await del('outsider')).status).toBe(403);
    // a foreign page cannot delete
    const forged = await fetch(`${app.url}/api/projects/${target.id}`, { method: 'DELETE', headers: { cookie: cookies.editor!, origin: 'https://evil.example' } });
    expect(forged.status).toBe(403);
    // a colleague has the table open: their socket is closed for good, with the reason
    const open = await openRaw(app, target.id, cookies.editor2!);
    expect((await del('editor')).status).toBe(200);
    expect(await open.closed).toEqual({ code: 4410, reason: expect.stringMatching(/该表已被删除/) });
    expect((await del('editor')).status).toBe(410);

    expect((await list('editor')).items.map((p) => p.id)).not.toContain(target.id);
    expect((await list('reviewer')).total).toBe(29);
    const gone = await api(app, `/api/projects/${target.id}`, { cookie: cookies.editor });
    expect(gone).toEqual({ status: 410, body: { error: { code: 'PROJECT_ARCHIVED', message: expect.stringMatching(/已删除/) } } });
    expect((await api(app, `/api/projects/${target.id}/export.xlsx`, { cookie: cookies.editor })).status).toBe(410);
    expect((await upgradeStatus(app, target.id, cookies.editor)).status).toBe(410);

    // only the admin sees the archive and restores
    expect((await list('editor', '?archived=1')).total).toBe(0);
    expect((await list('admin', '?archived=1')).items.map((p) => p.id)).toEqual([target.id]);
    expect((await api(app, `/api/projects/${target.id}/restore`, { cookie: cookies.editor, method: 'POST' })).status).toBe(403);
    const restored = await api(app, `/api/projects/${target.id}/restore`, { cookie: cookies.admin, method: 'POST' });
    expect(restored.status).toBe(200);
    expect((await api(app, `/api/projects/${target.id}`, { cookie: cookies.editor })).status).toBe(200);
    const audit = await app.services.db.selectFrom('audit').select(['action', 'actor_id']).where('target', '=', target.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['project.create', 'project.archive', 'project.restore']);
  });

  it('lets a new table take a deleted one’s name, and then refuses to restore the old one over it', async () => {
    const body = { unitId: data.units.dept, name: '将被删除的表', year: 2026 };
    const first = (await api(app, '/api/projects', { cookie: cookies.editor, method: 'POST', body })).body as { id: string };
    expect((await api(app, `/api/projects/${first.id}`, { cookie: cookies.editor, method: 'DELETE' })).status).toBe(200);
    expect((await api(app, '/api/projects', { cookie: cookies.editor, method: 'POST', body })).status).toBe(201);
    const again = await api(app, `/api/projects/${first.id}/restore`, { cookie: cookies.admin, method: 'POST' });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toMatch(/将被删除的表/);
  });
});
