import { request } from 'node:http';
import { testDatabases } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../src/app.ts';
import { type Seed, type SeededApp, api, openSeededApp, originOf, signIn } from './helpers.ts';

describe.each(testDatabases())('HTTP API on $name', (database) => {
  let env: SeededApp;
  let app: RunningApp;
  let data: Seed;
  let cookies: Record<string, string>;

  beforeAll(async () => {
    env = await openSeededApp(database);
    ({ app, data, cookies } = env);
  });

  afterAll(() => env?.close());

  it('answers /healthz once migrated', async () => {
    expect(await api(app, '/healthz')).toEqual({ status: 200, body: { ok: true } });
  });

  it('refuses a wrong password', async () => {
    await expect(signIn(app, data.users.editor.email, 'wrong-password')).rejects.toThrow(/401/);
  });

  it('answers 401 with a JSON error without a session', async () => {
    for (const [method, path] of [
      ['GET', '/api/projects'],
      ['POST', '/api/projects'],
      ['GET', `/api/projects/${data.projectId}`],
    ] as const) {
      const res = await api(app, path, { method, body: method === 'POST' ? { name: 'x' } : undefined });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    }
    const forged = await api(app, '/api/projects', { cookie: 'better-auth.session_token=forged.value' });
    expect(forged.status).toBe(401);
  });

  it('lists projects by visibility, with the access of each user', async () => {
    const accessOf = async (who: string) => {
      const res = await api(app, '/api/projects', { cookie: cookies[who] });
      expect(res.status).toBe(200);
      const list = res.body as Array<{ id: string; access: string; unitId: string }>;
      return list.find((p) => p.id === data.projectId)?.access ?? 'none';
    };
    expect(await accessOf('editor')).toBe('edit');
    expect(await accessOf('editor2')).toBe('edit');
    expect(await accessOf('reviewer')).toBe('read');
    // finance oversight reaches the overseen department
    expect(await accessOf('finance')).toBe('read');
    // a unit below does not see its parent's projects; an unrelated unit sees nothing
    expect(await accessOf('subEditor')).toBe('none');
    expect(await accessOf('outsider')).toBe('none');
    const outsider = await api(app, '/api/projects', { cookie: cookies.outsider });
    expect(outsider.body).toEqual([]);
  });

  it('creates a project and gets it back', async () => {
    const created = await api(app, '/api/projects', {
      method: 'POST',
      cookie: cookies.editor,
      body: { unitId: data.units.dept, name: '  新建项目  ', year: 2027 },
    });
    expect(created.status).toBe(201);
    const project = created.body as { id: string; name: string; year: number; unitId: string; access: string };
    expect(project).toMatchObject({ name: '新建项目', year: 2027, unitId: data.units.dept, access: 'edit', kind: 'target' });
    const got = await api(app, `/api/projects/${project.id}`, { cookie: cookies.editor });
    expect(got).toEqual({ status: 200, body: project });
    const asReviewer = await api(app, `/api/projects/${project.id}`, { cookie: cookies.reviewer });
    expect(asReviewer.status).toBe(200);
    expect((asReviewer.body as { access: string }).access).toBe('read');
    const list = await api(app, '/api/projects', { cookie: cookies.editor2 });
    expect((list.body as Array<{ id: string }>).map((p) => p.id)).toContain(project.id);
    // newest year first
    expect((list.body as Array<{ year: number }>)[0]!.year).toBe(2027);
  });

  it('refuses creation by a non-editor (403), in an unknown unit (404) and with bad input (400)', async () => {
    const byReviewer = await api(app, '/api/projects', {
      method: 'POST',
      cookie: cookies.reviewer,
      body: { unitId: data.units.dept, name: '审核人的项目', year: 2026 },
    });
    expect(byReviewer.status).toBe(403);
    expect(byReviewer.body).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });
    const otherUnit = await api(app, '/api/projects', {
      method: 'POST',
      cookie: cookies.editor,
      body: { unitId: data.units.other, name: '别人的项目', year: 2026 },
    });
    expect(otherUnit.status).toBe(403);
    const unknownUnit = await api(app, '/api/projects', {
      method: 'POST',
      cookie: cookies.editor,
      body: { unitId: 'u_nope', name: '无单位', year: 2026 },
    });
    expect(unknownUnit.status).toBe(404);
    expect(unknownUnit.body).toEqual({ error: { code: 'UNIT_NOT_FOUND', message: expect.any(String) } });
    for (const body of [
      { unitId: data.units.dept, name: '', year: 2026 },
      { unitId: data.units.dept, name: '年度错', year: 1800 },
      'not json',
      [1, 2],
    ]) {
      const res = await api(app, '/api/projects', { method: 'POST', cookie: cookies.editor, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body as { error: { code: string } }).error.code).toBe('INVALID_INPUT');
    }
  });

  it('answers 404 for an unknown project and 403 for a project of another unit', async () => {
    const unknown = await api(app, '/api/projects/p_does_not_exist', { cookie: cookies.editor });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'PROJECT_NOT_FOUND', message: expect.any(String) } });
    const forbidden = await api(app, `/api/projects/${data.projectId}`, { cookie: cookies.outsider });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });
    const unknownRoute = await api(app, '/api/nothing-here', { cookie: cookies.editor });
    expect(unknownRoute.status).toBe(404);
    expect((unknownRoute.body as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('answers 400 in Chinese for a NUL in an id or a filter (PostgreSQL refuses it in text: was a 500)', async () => {
    const refused = { error: { code: 'INVALID_INPUT', message: expect.stringMatching(/[\u4e00-\u9fff]/) } };
    for (const path of ['/api/projects/%00', `/api/projects/a%00b/threads`, '/api/projects?q=%00', '/api/public/tables/%00']) {
      const res = await api(app, path, { cookie: cookies.editor });
      expect(res, path).toEqual({ status: 400, body: refused });
    }
    const comment = await api(app, '/api/threads/%00/comments', { cookie: cookies.editor, method: 'POST', body: { body: '请核对' } });
    expect(comment).toEqual({ status: 400, body: refused });
    const read = await api(app, '/api/notifications/read', { cookie: cookies.editor, method: 'POST', body: { ids: ['n\u0000'] } });
    expect(read).toEqual({ status: 400, body: refused });
    // the server goes on answering
    expect((await api(app, `/api/projects/${data.projectId}`, { cookie: cookies.editor })).status).toBe(200);
  });

  it('lists no published tables for a year no table can have (PostgreSQL refused it beyond its integer: a 500, without login)', async () => {
    for (const year of ['3000000000', '99999999999', '1999']) {
      expect(await api(app, `/api/public/tables?year=${year}`), year).toEqual({ status: 200, body: [] });
    }
  });

  it('bounds what /api/auth reads before better-auth parses it (a 200 MB sign-in without login took ~770 MB of memory)', async () => {
    const big = JSON.stringify({ email: data.users.editor.email, password: 'x'.repeat(10), pad: 'y'.repeat(2 * 1024 * 1024) });
    const res = await api(app, '/api/auth/sign-in/email', { method: 'POST', body: big });
    expect(res).toEqual({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/请求内容过大/) } } });
    // streamed without a length: cut off as it arrives (413, or the socket closed while still sending)
    const chunks = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const streamed = await fetch(`${app.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { origin: originOf(app), 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit).then(
      (r) => r.status,
      () => 'closed',
    );
    expect([413, 'closed']).toContain(streamed);
    // a sign-in of ordinary size still works
    expect((await api(app, '/api/auth/sign-in/email', { method: 'POST', body: { email: data.users.editor.email, password: 'nope-nope-nope' } })).status).toBe(401);
  });

  it('bounds a page’s form post before its action reads it (200 MB to /admin without login took ~580 MB)', async () => {
    // on its own socket: the server answers before the body is sent and closes it after
    const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${app.url}/admin`, {
        method: 'POST',
        agent: false,
        headers: { origin: originOf(app), 'content-type': 'application/x-www-form-urlencoded' },
      });
      req.on('response', (r) => {
        let text = '';
        r.setEncoding('utf8').on('data', (d: string) => {
          text += d;
        });
        r.on('end', () => resolve({ status: r.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(`name=${'y'.repeat(2 * 1024 * 1024)}`);
    });
    expect(res.status).toBe(413);
    expect(res.text).toMatch(/请求内容过大/);
  });

  it('has no demo accounts outside demo mode', async () => {
    const res = await api(app, '/api/demo/accounts');
    expect(res.status).toBe(404);
    expect((res.body as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
