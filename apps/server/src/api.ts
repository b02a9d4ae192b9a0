/** The JSON API under /api: every call resolves the session, then asks core. */
import {
  type Actor,
  AppError,
  LIMITS,
  type Services,
  createProjectSchema,
  createUnitSchema,
  createUserSchema,
  importProjectsSchema,
  parseInput,
  setRoleSchema,
  createProject,
  createUnit,
  createUser,
  demoAccounts,
  getProject,
  importProjects,
  archiveProject,
  restoreProject,
  searchProjects,
  listUnits,
  isSafeMethod,
  listUsers,
  loadActor,
  readTable,
  sameOrigin,
  setRole,
  type EventBus,
  type ProjectEvent,
  accessEvents,
  addComment,
  addCommentSchema,
  createThread,
  createThreadSchema,
  deleteComment,
  editComment,
  editCommentSchema,
  listMentionable,
  lastChanges,
  listNotifications,
  listThreads,
  markNotificationsRead,
  markReadSchema,
  reopenThread,
  resolveThread,
  createSignoff,
  createSignoffSchema,
  listSignoffs,
  revokeSignoff,
  signoffSummary,
  archiveWorkflowDefinition,
  createWorkflowDefinition,
  diffVersions,
  getWorkflow,
  listPublishedTables,
  listVersions,
  listWorkflowDefinitions,
  publishedTable,
  saveWorkflowSchema,
  takeWorkflowAction,
  updateWorkflowDefinition,
  workflowActionSchema,
  auditCsv,
  dashboard,
  listAudit,
  recordAudit,
  officialTable,
} from '@jixiao/core';
import { sessionUser } from '@jixiao/auth';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import type { z } from 'zod';
import { ImportRequestError, previewImport } from './import-preview.ts';

type Env = { Variables: { actor: Actor } };

export interface ApiOptions {
  /** our own origins: state changes from any other page are refused (CSRF) */
  allowedOrigins: readonly string[];
  /** live events of projects (comments, threads, …), across processes on PostgreSQL */
  events: EventBus;
  /** an SSE comment line this often keeps proxies from closing an idle stream (default 15 s) */
  eventsHeartbeatMs?: number;
}

export function apiRoutes(services: Services, options: ApiOptions): Hono<Env> {
  const api = new Hono<Env>();
  /** open event streams per user id */
  const streamsPerUser = new Map<string, number>();

  api.onError((err, c) => {
    if (err instanceof AppError) return c.json(err.toJSON(), err.status as 400);
    console.error('[api]', err);
    return c.json({ error: { code: 'INTERNAL', message: '服务器内部错误' } }, 500);
  });

  // state changes only from our own pages, before anything else is looked at
  api.use('*', async (c, next) => {
    if (!isSafeMethod(c.req.method) && !sameOrigin(c.req.raw.headers, options.allowedOrigins)) {
      throw new AppError('ORIGIN_FORBIDDEN');
    }
    await next();
  });
  // a NUL in a path id or a filter names nothing, and PostgreSQL refuses it in text (a 500)
  api.use('*', async (c, next) => {
    if (/%00/i.test(c.req.url)) throw new AppError('INVALID_INPUT', '请求地址不能包含空字符');
    await next();
  });
  // bodies are bounded before they are parsed; the import preview reads its upload itself
  const limitBody = bodyLimit({
    maxSize: LIMITS.jsonBodyBytes,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', `请求内容过大：最多 ${LIMITS.jsonBodyBytes / 1024 / 1024} MB`);
    },
  });
  api.use('*', async (c, next) => (c.req.path.endsWith('/import/preview') ? next() : limitBody(c, next)));

  api.get('/demo/accounts', (c) => {
    if (!services.demo) throw new AppError('NOT_FOUND');
    return c.json(demoAccounts());
  });

  // 预算公开: published tables need no session
  api.get('/public/tables', async (c) => {
    const year = Number(c.req.query('year'));
    return c.json(await listPublishedTables(services.db, { year: Number.isInteger(year) && year > 0 ? year : undefined, unit: c.req.query('unit')?.slice(0, 100) }));
  });
  api.get('/public/tables/:id', async (c) => c.json(await publishedTable(services.db, c.req.param('id'))));

  // everything below needs a session
  api.use('*', async (c, next) => {
    const user = await sessionUser(services.auth, c.req.raw.headers);
    if (!user) throw new AppError('UNAUTHENTICATED');
    c.set('actor', await loadActor(services.db, user));
    await next();
  });

  api.get('/me', (c) => c.json(c.get('actor')));
  // one page of the list; the total comes as X-Total-Count (?q= &year= &unitId= &kind= &sort= &order= &page= &pageSize=)
  api.get('/projects', async (c) => {
    const page = await searchProjects(services.db, c.get('actor'), c.req.query());
    c.header('X-Total-Count', String(page.total));
    return c.json(page.items);
  });
  api.delete('/projects/:id', async (c) => {
    await archiveProject(services.db, c.get('actor'), c.req.param('id'));
    return c.json({ ok: true });
  });
  api.post('/projects/:id/restore', async (c) => {
    await restoreProject(services.db, c.get('actor'), c.req.param('id'));
    return c.json(await getProject(services.db, c.get('actor'), c.req.param('id')));
  });
  api.post('/projects', async (c) => c.json(await createProject(services.db, c.get('actor'), await jsonBody(c, createProjectSchema)), 201));
  api.get('/projects/:id', async (c) =>
    c.json(await getProject(services.db, c.get('actor'), c.req.param('id'))),
  );
  // the table as the server holds it (committed updates only), indicators by their stable ids
  api.get('/projects/:id/table', async (c) => c.json((await readTable(services.db, c.get('actor'), c.req.param('id'))).table));
  api.get('/projects/:id/export.xlsx', async (c) => {
    // once approved, exactly what was approved
    const { project, table } = await officialTable(services.db, c.get('actor'), c.req.param('id'));
    // exceljs (~14 MiB, ~0.5 s to load) is loaded by the first export, not at start
    const { exportWorkbook } = await import('@jixiao/table/xlsx');
    const data = await exportWorkbook(table);
    await recordAudit(services.db, { actorId: c.get('actor').user.id, action: 'project.export', target: project.id, data: { format: 'xlsx' } });
    const name = table.header.projectName?.trim() || project.name;
    return c.body(data, 200, {
      'content-type': XLSX_TYPE,
      'content-disposition': attachment(`${name}.xlsx`, `${project.id}.xlsx`),
      'cache-control': 'no-store',
    });
  });
  // import: preview stores nothing; projects are created all or nothing
  api.post('/import/preview', async (c) => {
    try {
      return c.json(await previewImport(c.req.raw));
    } catch (e) {
      if (e instanceof ImportRequestError) return c.json(e.toJSON(), e.status);
      throw e;
    }
  });
  api.post('/import/projects', async (c) =>
    c.json(await importProjects(services.db, c.get('actor'), await jsonBody(c, importProjectsSchema)), 201),
  );
  api.get('/units', async (c) => c.json(await listUnits(services.db, c.get('actor'))));
  api.post('/units', async (c) =>
    c.json(await createUnit(services.db, c.get('actor'), await jsonBody(c, createUnitSchema)), 201),
  );
  api.get('/users', async (c) => c.json(await listUsers(services.db, c.get('actor'))));
  api.post('/users', async (c) =>
    c.json(await createUser(services.db, services.auth, c.get('actor'), await jsonBody(c, createUserSchema)), 201),
  );
  api.post('/users/:id/roles', async (c) => {
    await setRole(services.db, c.get('actor'), { ...(await jsonBody(c, setRoleSchema.omit({ userId: true }))), userId: c.req.param('id') });
    return c.json({ ok: true });
  });

  // the review loop: threads and comments (ARCHITECTURE.md "The review loop")
  api.get('/projects/:id/threads', async (c) => c.json(await listThreads(services.db, c.get('actor'), c.req.param('id'))));
  api.post('/projects/:id/threads', async (c) => {
    const input = await jsonBody(c, createThreadSchema.omit({ projectId: true }));
    return c.json(await createThread(services.db, c.get('actor'), { ...input, projectId: c.req.param('id') }, options.events), 201);
  });
  api.post('/threads/:id/comments', async (c) => {
    const input = await jsonBody(c, addCommentSchema.omit({ threadId: true }));
    return c.json(await addComment(services.db, c.get('actor'), { ...input, threadId: c.req.param('id') }, options.events), 201);
  });
  api.post('/threads/:id/resolve', async (c) => c.json(await resolveThread(services.db, c.get('actor'), c.req.param('id'), options.events)));
  api.post('/threads/:id/reopen', async (c) => c.json(await reopenThread(services.db, c.get('actor'), c.req.param('id'), options.events)));
  api.patch('/comments/:id', async (c) => {
    const input = await jsonBody(c, editCommentSchema.omit({ commentId: true }));
    return c.json(await editComment(services.db, c.get('actor'), { ...input, commentId: c.req.param('id') }, options.events));
  });
  api.delete('/comments/:id', async (c) => c.json(await deleteComment(services.db, c.get('actor'), c.req.param('id'), options.events)));
  // who changed each part of the table last (kept by the collaboration server)
  api.get('/projects/:id/changes', async (c) => c.json(await lastChanges(services.db, c.get('actor'), c.req.param('id'))));
  // sign-offs (ARCHITECTURE.md "The review loop")
  api.get('/projects/:id/signoffs', async (c) => c.json(await listSignoffs(services.db, c.get('actor'), c.req.param('id'))));
  api.get('/projects/:id/signoffs/summary', async (c) => c.json(await signoffSummary(services.db, c.get('actor'), c.req.param('id'))));
  api.post('/projects/:id/signoffs', async (c) => {
    const input = await jsonBody(c, createSignoffSchema.omit({ projectId: true }));
    return c.json(await createSignoff(services.db, c.get('actor'), { ...input, projectId: c.req.param('id') }, options.events), 201);
  });
  api.delete('/signoffs/:id', async (c) => {
    await revokeSignoff(services.db, c.get('actor'), c.req.param('id'), options.events);
    return c.json({ ok: true });
  });
  api.get('/projects/:id/mentionable', async (c) => c.json(await listMentionable(services.db, c.get('actor'), c.req.param('id'))));
  api.get('/notifications', async (c) => c.json(await listNotifications(services.db, c.get('actor'))));
  api.post('/notifications/read', async (c) => c.json(await markNotificationsRead(services.db, c.get('actor'), await jsonBody(c, markReadSchema))));
  // the approval workflow (ARCHITECTURE.md "The review loop")
  api.get('/projects/:id/workflow', async (c) => c.json(await getWorkflow(services.db, c.get('actor'), c.req.param('id'))));
  api.post('/projects/:id/workflow/:action', async (c) =>
    c.json(
      await takeWorkflowAction(services.db, c.get('actor'), c.req.param('id'), c.req.param('action'), await jsonBody(c, workflowActionSchema), options.events),
    ),
  );
  api.get('/projects/:id/versions', async (c) => c.json(await listVersions(services.db, c.get('actor'), c.req.param('id'))));
  api.get('/projects/:id/versions/:from/diff/:to', async (c) =>
    c.json(await diffVersions(services.db, c.get('actor'), c.req.param('id'), c.req.param('from'), c.req.param('to'))),
  );
  api.get('/dashboard', async (c) => c.json(await dashboard(services.db, c.get('actor'))));
  api.get('/audit', async (c) => {
    const page = await listAudit(services.db, c.get('actor'), c.req.query());
    c.header('X-Total-Count', String(page.total));
    return c.json(page.items);
  });
  api.get('/audit.csv', async (c) =>
    c.body(await auditCsv(services.db, c.get('actor'), c.req.query()), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': attachment('审计日志.csv', 'audit.csv'),
      'cache-control': 'no-store',
    }),
  );
  api.get('/workflows', async (c) => c.json(await listWorkflowDefinitions(services.db, c.get('actor'))));
  api.post('/workflows', async (c) =>
    c.json(await createWorkflowDefinition(services.db, c.get('actor'), await jsonBody(c, saveWorkflowSchema)), 201),
  );
  api.put('/workflows/:id', async (c) =>
    c.json(await updateWorkflowDefinition(services.db, c.get('actor'), c.req.param('id'), await jsonBody(c, saveWorkflowSchema))),
  );
  api.delete('/workflows/:id', async (c) => {
    await archiveWorkflowDefinition(services.db, c.get('actor'), c.req.param('id'));
    return c.json({ ok: true });
  });
  api.get('/projects/:id/events', async (c) => {
    const actor = c.get('actor');
    const projectId = c.req.param('id');
    // access is checked before the stream opens: 404 / 403 / 410 as JSON
    await getProject(services.db, actor, projectId);
    // each stream holds a socket and a subscription: a bounded number per user and process
    const open = streamsPerUser.get(actor.user.id) ?? 0;
    if (open >= LIMITS.eventStreamsPerUser) throw new AppError('TOO_MANY_STREAMS');
    streamsPerUser.set(actor.user.id, open + 1);
    const release = () => {
      const left = (streamsPerUser.get(actor.user.id) ?? 1) - 1;
      if (left > 0) streamsPerUser.set(actor.user.id, left);
      else streamsPerUser.delete(actor.user.id);
    };
    const res = streamSSE(c, (stream) =>
      projectEvents(stream, { services, actor, projectId, events: options.events, heartbeatMs: options.eventsHeartbeatMs ?? 15_000 }).finally(release),
    );
    // never buffered or transformed on the way (gzip here, nginx in front)
    res.headers.set('Cache-Control', 'no-cache, no-transform');
    res.headers.set('X-Accel-Buffering', 'no');
    return res;
  });

  api.all('*', () => {
    throw new AppError('NOT_FOUND', '接口不存在');
  });
  return api;
}

/** Most events a slow client may have pending; beyond that it is told to fetch again. */
const MAX_PENDING_EVENTS = 500;

/**
 * One SSE stream: every event of the project as one JSON `data:` line, a comment line when idle
 * for `heartbeatMs`; ends when the client goes, the table is deleted or the viewer's access
 * to it is revoked.
 */
async function projectEvents(
  stream: Parameters<Parameters<typeof streamSSE>[1]>[0],
  ctx: { services: Services; actor: Actor; projectId: string; events: EventBus; heartbeatMs: number },
): Promise<void> {
  let pending: ProjectEvent[] = [];
  let done = false;
  let wake: (() => void) | null = null;
  const poke = () => {
    wake?.();
    wake = null;
  };
  const stop = () => {
    done = true;
    poke();
  };
  const unsubscribe = [
    ctx.events.subscribe(ctx.projectId, (event) => {
      pending.push(event);
      if (pending.length > MAX_PENDING_EVENTS) pending = [{ type: 'resync', projectId: ctx.projectId }];
      poke();
    }),
    accessEvents.onProjectArchived(({ projectId }) => {
      if (projectId === ctx.projectId) stop();
    }),
    accessEvents.onChanged(({ userId }) => {
      if (userId !== ctx.actor.user.id) return;
      loadActor(ctx.services.db, ctx.actor.user)
        .then((actor) => getProject(ctx.services.db, actor, ctx.projectId))
        .catch(stop);
    }),
  ];
  stream.onAbort(stop);
  try {
    // the first line tells the client it is subscribed (events from here on reach it)
    await stream.write(`retry: 3000\n: ${ctx.projectId}\n\n`);
    while (!done && !stream.aborted && !stream.closed) {
      if (!pending.length) {
        const woke = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), ctx.heartbeatMs);
          wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        if (!woke) await stream.write(': ping\n\n');
        continue;
      }
      const batch = pending;
      pending = [];
      for (const event of batch) await stream.writeSSE({ data: JSON.stringify(event) });
    }
  } finally {
    for (const off of unsubscribe) off();
  }
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `attachment` with the UTF-8 file name (RFC 6266 / 5987) and an ASCII one for old clients. */
export function attachment(fileName: string, asciiFallback: string): string {
  const safe = [...fileName].map((ch) => (ch < ' ' || ch === '\u007f' || '/\\:*?"<>|'.includes(ch) ? '_' : ch)).join('');
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

/**
 * A state-changing body: JSON only (a form or text/plain post is what a foreign page can send
 * without a CORS preflight), and an object; the service's schema checks the rest.
 */
async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  let body: unknown;
  try {
    body = await c.req.json();
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('INVALID_INPUT', '请求体不是有效的 JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AppError('INVALID_INPUT', '请求体必须是 JSON 对象');
  return parseInput(schema, body);
}
