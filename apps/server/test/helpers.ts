/** Shared set-up of the server integration tests: a real server, real sessions, real sockets. */
import { createServer } from 'node:net';
import { createAccount } from '@jixiao/auth';
import { createProject, loadActor, loadDocUpdates } from '@jixiao/core';
import type { Role } from '@jixiao/db';
import type { TestDatabase } from '@jixiao/db/testing';
import { TableDoc } from '@jixiao/table';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { type RunningApp, type StartOptions, startApp } from '../src/app.ts';
import type { ServerConfig } from '../src/config.ts';

export const PASSWORD = 'test-password-2026';
export const SECRET = 'integration-test-secret-0123456789abcdef';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Collects what the server logs, so expected warnings do not clutter the output. */
export function quietLog() {
  const lines: string[] = [];
  const put = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  return { lines, warn: put, error: put };
}

/** A test server's configuration: loopback, no demo data, the test secret. */
export function testConfig(databaseUrl: string, port: number, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port,
    host: '127.0.0.1',
    databaseUrl,
    demo: false,
    origin: `http://localhost:${port}`,
    extraOrigins: [],
    secret: SECRET,
    production: false,
    trustProxy: false,
    ...overrides,
  };
}

export async function start(
  databaseUrl: string,
  port: number,
  options: StartOptions = {},
  overrides: Partial<ServerConfig> = {},
): Promise<RunningApp> {
  return startApp(testConfig(databaseUrl, port, overrides), { web: false, log: quietLog(), ...options });
}

export interface SeedUser {
  id: string;
  email: string;
}

export interface Seed {
  units: { dept: string; sub: string; other: string; finance: string };
  users: Record<'editor' | 'editor2' | 'reviewer' | 'subEditor' | 'outsider' | 'finance', SeedUser>;
  projectId: string;
}

/**
 * Units: a region department with a city department below it, an unrelated department and a
 * finance bureau overseeing the region department. One project of the region department.
 */
export async function seed(app: RunningApp): Promise<Seed> {
  const { db, auth } = app.services;
  const now = new Date().toISOString();
  const units = { dept: 'u_t_dept', sub: 'u_t_sub', other: 'u_t_other', finance: 'u_t_fin' };
  await db
    .insertInto('unit')
    .values([
      { id: units.dept, name: '测试医保局', kind: 'department', level: 'region', parent_id: null, created_at: now },
      { id: units.sub, name: '测试市医保局', kind: 'department', level: 'city', parent_id: units.dept, created_at: now },
      { id: units.other, name: '测试教育厅', kind: 'department', level: 'region', parent_id: null, created_at: now },
      { id: units.finance, name: '测试财政厅', kind: 'finance', level: 'region', parent_id: null, created_at: now },
    ])
    .execute();
  await db.insertInto('unit_oversight').values({ finance_unit_id: units.finance, unit_id: units.dept }).execute();
  const make = async (key: string, unitId: string, role: Role): Promise<SeedUser> => {
    const email = `${key.toLowerCase()}@jixiao.test`;
    const user = await createAccount(auth, { email, name: key, password: PASSWORD });
    await db.insertInto('membership').values({ user_id: user.id, unit_id: unitId, role }).execute();
    return { id: user.id, email };
  };
  const users = {
    editor: await make('editor', units.dept, 'editor'),
    editor2: await make('editor2', units.dept, 'editor'),
    reviewer: await make('reviewer', units.dept, 'reviewer'),
    subEditor: await make('subEditor', units.sub, 'editor'),
    outsider: await make('outsider', units.other, 'editor'),
    finance: await make('finance', units.finance, 'reviewer'),
  };
  const actor = await loadActor(db, { id: users.editor.id, email: users.editor.email, name: 'editor' });
  const project = await createProject(db, actor, { unitId: units.dept, name: '医疗保障服务项目', year: 2026 });
  return { units, users, projectId: project.id };
}

/** Sign in through better-auth over HTTP; returns the Cookie header value. */
export async function signIn(app: RunningApp, email: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${app.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: originOf(app) },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  if (!cookies.length) throw new Error('sign-in returned no cookie');
  return cookies.join('; ');
}

/** The app's public origin (the server listens on 127.0.0.1, the origin says localhost). */
export function originOf(app: RunningApp): string {
  return app.url.replace('127.0.0.1', 'localhost');
}

export async function api(
  app: RunningApp,
  path: string,
  init: { cookie?: string; method?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { origin: originOf(app) };
  if (init.cookie) headers.cookie = init.cookie;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${app.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: res.status, body };
}

/** The `ws` WebSocket, sending the session cookie with the upgrade. */
export function cookieWebSocket(cookie: string): typeof globalThis.WebSocket {
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  return CookieWebSocket as unknown as typeof globalThis.WebSocket;
}

export function wsBase(app: RunningApp): string {
  return `${app.url.replace(/^http/, 'ws')}/collab`;
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/** A stock y-websocket client, connected and synced. */
export async function connectClient(app: RunningApp, projectId: string, cookie: string): Promise<Client> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsBase(app), projectId, doc, {
    connect: true,
    disableBc: true,
    WebSocketPolyfill: cookieWebSocket(cookie),
  });
  await waitFor(() => provider.synced, `client of ${projectId} to sync`);
  return { doc, provider };
}

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A raw socket with the cookie: resolves with the HTTP status of a refused upgrade or 101. */
export function upgradeStatus(app: RunningApp, projectId: string, cookie?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsBase(app)}/${projectId}`, { headers: cookie ? { cookie } : {} });
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', (e) => {
      if (!/Unexpected server response/.test(e.message)) reject(e);
    });
  });
}

/** A raw protocol socket: open, with every received frame and the close event recorded. */
export interface RawSocket {
  ws: WebSocket;
  frames: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
}

export function openRaw(app: RunningApp, projectId: string, cookie: string): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsBase(app)}/${projectId}`, { headers: { cookie } });
    const frames: Uint8Array[] = [];
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.on('close', (code, reason) => r({ code, reason: reason.toString('utf8') })),
    );
    ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
    ws.on('open', () => resolve({ ws, frames, closed }));
    ws.on('error', reject);
  });
}

/** Close providers without leaving reconnect timers behind. */
export function destroyClients(...clients: Client[]): void {
  for (const c of clients) {
    c.provider.destroy();
    c.doc.destroy();
  }
}

export interface SeededApp {
  app: RunningApp;
  data: Seed;
  /** session cookie per seeded user key */
  cookies: Record<string, string>;
  /** where the database is, to start the app again on it */
  url: string;
  close(): Promise<void>;
}

/** A fresh database, the real server on a free port, the seed data and every seed user signed in. */
export async function openSeededApp(database: TestDatabase, options: StartOptions = {}): Promise<SeededApp> {
  const created = await database.create();
  const app = await start(created.url, await freePort(), options);
  const data = await seed(app);
  const cookies: Record<string, string> = {};
  for (const [key, user] of Object.entries(data.users)) cookies[key] = await signIn(app, user.email);
  return {
    app,
    data,
    cookies,
    url: created.url,
    close: async () => {
      await app.close();
      await created.drop();
    },
  };
}

/** lib0's variable-length unsigned integer, for hand-made protocol frames. */
export function varUint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push(0x80 | (n & 0x7f));
    n >>>= 7;
  }
  out.push(n);
  return out;
}

/** The document as stored in SQL (snapshot + log), read without the running room. */
export async function storedTable(app: RunningApp, projectId: string) {
  await app.collab.flush();
  const { updates } = await loadDocUpdates(app.services.db, projectId);
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return new TableDoc(doc).toJSON();
}
