/**
 * Wiring only: database and migrations, auth, demo data, the API, the collab upgrade and the
 * Remix request handler, on one origin so the session cookie travels with everything.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { currentSession, sessionUser, signedSessionCookie } from '@jixiao/auth';
import { CollabServer } from '@jixiao/collab';
import { type EventBus, LIMITS, type RequestContext, type Services, createEventBus, isSafeMethod, loadDemoData, refuseDemoAccounts, relayAccessEvents, sameOrigin, serveLiveTables, withAuditOrigin } from '@jixiao/core';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX, compress } from 'hono/compress';
import { apiRoutes } from './api.ts';
import type { ServerConfig } from './config.ts';
import { openDatabase } from './database.ts';
import { releaseStartupMemory } from './startup-memory.ts';

export interface RunningApp {
  url: string;
  services: Services;
  collab: CollabServer;
  /** live project events (SSE), across processes on PostgreSQL */
  events: EventBus;
  server: Server;
  close(): Promise<void>;
}

export interface StartOptions {
  /** serve the Remix build (off for API-only integration tests) */
  web?: boolean;
  collabConfig?: ConstructorParameters<typeof CollabServer>[0]['config'];
  log?: Pick<Console, 'warn' | 'error'>;
  /** SSE heartbeat interval (tests shorten it) */
  eventsHeartbeatMs?: number;
}

const WEB_BUILD = new URL('../../web/build/', import.meta.url);

export async function startApp(config: ServerConfig, options: StartOptions = {}): Promise<RunningApp> {
  const { handle, auth, origins } = await openDatabase(config);
  const services: Services = { db: handle.db, auth, demo: config.demo };
  if (config.demo) await loadDemoData(handle.db, auth);
  else await refuseDemoAccounts(handle.db, auth);

  const events = await createEventBus({ dialect: handle.dialect, db: handle.db, databaseUrl: config.databaseUrl, log: options.log });
  // other processes on the database drop what they remember of access when it changes here
  const stopRelay = relayAccessEvents(events, options.log);

  const collab = new CollabServer({
    db: handle.db,
    resolveSession: (headers) => currentSession(auth, headers),
    config: { allowedOrigins: origins, ...options.collabConfig },
    log: options.log,
    // which parts of a table changed, after commit (last-changed-by, stale sign-offs)
    events,
  });
  // sign-off, comment and export views read the tables held here from their rooms, not SQL
  serveLiveTables(handle.db, { table: (projectId) => collab.liveTable(projectId) });

  const app = new Hono();
  // no response may be content-sniffed into another type (e.g. a JSON error rendered as HTML)
  app.use(async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
  });
  // pages, scripts and JSON travel gzip-compressed (the editor's JS shrinks to about a third)
  // …but never an event stream: gzip would hold its events back until a block fills
  app.use(compress({ contentTypeFilter: (type) => !/^\s*text\/event-stream/i.test(type) && COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) }));
  // audit records written while handling a request name its client address and user agent
  app.use((c, next) => withAuditOrigin({ ip: clientAddress(c, config.trustProxy), userAgent: c.req.header('user-agent') ?? null }, next));
  // a page's form post is read whole by its Remix action, session or not: bounded first
  // (200 MB to /admin without login took ~580 MB); /api bounds its own bodies
  const limitPageBody = bodyLimit({
    maxSize: LIMITS.pageBodyBytes,
    onError: (c) => c.text(`请求内容过大：最多 ${LIMITS.pageBodyBytes / 1024 / 1024} MB`, 413),
  });
  app.use('*', (c, next) => (c.req.path.startsWith('/api/') ? next() : limitPageBody(c, next)));
  app.get('/healthz', (c) => c.json({ ok: true }));
  // better-auth reads a body whole, without a session: bounded first (200 MB once took ~770 MB)
  const limitAuthBody = bodyLimit({
    maxSize: LIMITS.authBodyBytes,
    onError: (c) => c.json({ error: { code: 'PAYLOAD_TOO_LARGE', message: `请求内容过大：最多 ${LIMITS.authBodyBytes / 1024} KB` } }, 413),
  });
  app.on(['GET', 'POST'], '/api/auth/*', limitAuthBody, (c) => auth.handler(withClientAddress(c, config.trustProxy)));
  app.route('/api', apiRoutes(services, { allowedOrigins: origins, events, eventsHeartbeatMs: options.eventsHeartbeatMs }));
  if (options.web !== false) await mountWeb(app, services, origins);

  // before listening, as is the collection after it: the first users would wait for them
  await collab.warmUp(await signedSessionCookie(auth, randomUUID()));
  releaseStartupMemory();
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(s as Server),
    ) as Server;
  });
  // every upgrade is answered by the collab server (404 for other paths, 400 for a URL that
  // does not parse); it never rejects, and the catch is a last guard: no request may crash us
  server.on('upgrade', (req, socket, head) => {
    collab.handleUpgrade(req, socket, head).catch(() => socket.destroy());
  });

  let closing: Promise<void> | null = null;
  return {
    url: `http://${config.host}:${config.port}`,
    services,
    collab,
    events,
    server,
    close: () => {
      closing ??= (async () => {
        stopRelay();
        await collab.close();
        server.closeAllConnections?.();
        await new Promise<void>((r) => server.close(() => r()));
        await events.close();
        await handle.close();
      })();
      return closing;
    },
  };
}

/**
 * better-auth rate-limits sign-ins per client address, read from X-Forwarded-For. Without a
 * trusted proxy in front, that header is whatever the client says, so it is replaced by the
 * socket's own address; behind a proxy (JIXIAO_TRUST_PROXY=1) the proxy's header is kept.
 */
function withClientAddress(c: Context, trustProxy: boolean): Request {
  if (trustProxy) return c.req.raw;
  const headers = new Headers(c.req.raw.headers);
  headers.set('x-forwarded-for', clientAddress(c, false) ?? 'unknown');
  return new Request(c.req.raw, { headers });
}

/** The client's address: the socket's, or behind a trusted proxy the first X-Forwarded-For entry. */
function clientAddress(c: Context, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return forwarded || incoming?.socket.remoteAddress || null;
}

async function mountWeb(app: Hono, services: Services, origins: readonly string[]): Promise<void> {
  const { createRequestHandler } = await import('@remix-run/node');
  const buildPath = fileURLToPath(new URL('server/index.js', WEB_BUILD));
  const build = await import(buildPath).catch((e) => {
    throw new Error(`找不到网页构建 (web build missing at ${buildPath}); run the start command`, { cause: e });
  });
  const handler = createRequestHandler(build, process.env.NODE_ENV === 'production' ? 'production' : 'development');
  const clientRoot = fileURLToPath(new URL('client', WEB_BUILD));
  // hashed assets: cached for good, and sent as the .br/.gz the build wrote beside them
  // (scripts/precompress.ts) when the client accepts it, instead of compressed per request
  app.use(
    '/assets/*',
    serveStatic({
      root: clientRoot,
      precompressed: true,
      onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  );
  app.use('/favicon.svg', serveStatic({ root: clientRoot }));
  // Remix actions take posts only from the app's own pages (origins better-auth trusts), else a
  // session cookie lets any site post forms (CSRF). Checked ahead of Remix, whose own check
  // answers a foreign Origin with a 500; a client sending no Origin must send a Referer.
  app.use('*', async (c, next) => {
    if (isSafeMethod(c.req.method) || sameOrigin(c.req.raw.headers, origins)) return next();
    return c.text('请求来源不受信任，已拒绝（请从本站页面提交）', 403);
  });
  app.all('*', async (c) => {
    const user = await sessionUser(services.auth, c.req.raw.headers);
    const context: RequestContext = { services, user };
    return handler(c.req.raw, { jixiao: context });
  });
}
