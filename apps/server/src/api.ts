/** The JSON API under /api: every call resolves the session, then asks core. */
import {
  type Actor,
  AppError,
  type Services,
  createProject,
  createUnit,
  createUser,
  demoAccounts,
  getProject,
  listProjects,
  listUnits,
  listUsers,
  loadActor,
  setRole,
} from '@jixiao/core';
import { sessionUser } from '@jixiao/auth';
import { Hono, type Context } from 'hono';

type Env = { Variables: { actor: Actor } };

export function apiRoutes(services: Services): Hono<Env> {
  const api = new Hono<Env>();

  api.onError((err, c) => {
    if (err instanceof AppError) return c.json(err.toJSON(), err.status as 400);
    console.error('[api]', err);
    return c.json({ error: { code: 'INTERNAL', message: '服务器内部错误' } }, 500);
  });

  api.get('/demo/accounts', (c) => {
    if (!services.demo) throw new AppError('NOT_FOUND');
    return c.json(demoAccounts());
  });

  // everything below needs a session
  api.use('*', async (c, next) => {
    const user = await sessionUser(services.auth, c.req.raw.headers);
    if (!user) throw new AppError('UNAUTHENTICATED');
    c.set('actor', await loadActor(services.db, user));
    await next();
  });

  api.get('/me', (c) => c.json(c.get('actor')));
  api.get('/projects', async (c) => c.json(await listProjects(services.db, c.get('actor'))));
  api.post('/projects', async (c) => {
    const body = await jsonBody(c);
    return c.json(await createProject(services.db, c.get('actor'), body as never), 201);
  });
  api.get('/projects/:id', async (c) =>
    c.json(await getProject(services.db, c.get('actor'), c.req.param('id'))),
  );
  api.get('/units', async (c) => c.json(await listUnits(services.db, c.get('actor'))));
  api.post('/units', async (c) =>
    c.json(await createUnit(services.db, c.get('actor'), (await jsonBody(c)) as never), 201),
  );
  api.get('/users', async (c) => c.json(await listUsers(services.db, c.get('actor'))));
  api.post('/users', async (c) =>
    c.json(await createUser(services.db, services.auth, c.get('actor'), (await jsonBody(c)) as never), 201),
  );
  api.post('/users/:id/roles', async (c) => {
    const body = (await jsonBody(c)) as { unitId: string; role: never; granted?: boolean };
    await setRole(services.db, c.get('actor'), {
      userId: c.req.param('id'),
      unitId: body.unitId,
      role: body.role,
      granted: body.granted !== false,
    });
    return c.json({ ok: true });
  });

  api.all('*', () => {
    throw new AppError('NOT_FOUND', '接口不存在');
  });
  return api;
}

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  try {
    const body = await c.req.json();
    if (body && typeof body === 'object') return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new AppError('INVALID_INPUT', '请求体必须是 JSON 对象');
}
