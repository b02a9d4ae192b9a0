/**
 * Two server processes on one PostgreSQL database: a comment posted through one reaches an SSE
 * subscriber connected to the other (LISTEN/NOTIFY), and the subscriber, told of it, can already
 * read it (events are sent after the commit).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { testDatabases } from '@jixiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededApp, SECRET, api, freePort, openSeededApp, sleep, waitFor } from './helpers.ts';
import { openSse } from './sse-client.ts';

const SRC = new URL('../src/', import.meta.url);
/** A second server, as main.ts starts one, without the web build. */
const ENTRY = `
const { startApp } = await import(${JSON.stringify(new URL('app.ts', SRC).href)});
const { configFromEnv } = await import(${JSON.stringify(new URL('config.ts', SRC).href)});
const app = await startApp(configFromEnv(), { web: false });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
console.log('ready');
`;

const pgDatabase = testDatabases().find((d) => d.name === 'postgres');

describe.skipIf(!pgDatabase)('comments across two server processes on PostgreSQL', () => {
  let env: SeededApp;
  let child: ChildProcess;
  let output = '';
  let bUrl: string;

  beforeAll(async () => {
    env = await openSeededApp(pgDatabase!);
    const port = await freePort();
    bUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', ENTRY], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: env.url, JIXIAO_SECRET: SECRET, JIXIAO_DEMO: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => {
      output += d;
    });
    child.stderr?.on('data', (d) => {
      output += d;
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`second server exited early:\n${output}`);
      if (await fetch(`${bUrl}/healthz`).then((r) => r.ok, () => false)) break;
      if (Date.now() > deadline) throw new Error(`second server did not start:\n${output}`);
      await sleep(100);
    }
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await env?.close();
  });

  it('a comment posted through A reaches a subscriber of B within 1 s, and the other way round', async () => {
    const { app, data, cookies } = env;
    const created = await api(app, `/api/projects/${data.projectId}/threads`, {
      cookie: cookies.reviewer,
      method: 'POST',
      body: { anchor: { kind: 'header', field: 'period' }, body: '项目期是否应为 1 年？' },
    });
    expect(created.status).toBe(201);
    const threadId = (created.body as { id: string }).id;

    // the session made on A is good on B (same database, same secret)
    const atB = await openSse(`${bUrl}/api/projects/${data.projectId}/events`, cookies.finance);
    expect(atB.status, output).toBe(200);
    const atA = await openSse(`${app.url}/api/projects/${data.projectId}/events`, cookies.editor);
    expect(atA.status).toBe(200);
    // the stream's first line is written once the server has subscribed
    await waitFor(() => atA.comments.length > 0 && atB.comments.length > 0, 'both subscriptions');
    expect(app.events.subscribers(data.projectId)).toBe(1);
    try {
      const sent = Date.now();
      const reply = await api(app, `/api/threads/${threadId}/comments`, { cookie: cookies.editor, method: 'POST', body: { body: '是，已改为 1 年' } });
      expect(reply.status).toBe(201);
      const commentId = (reply.body as { id: string }).id;
      await waitFor(() => atB.events.length > 0, 'the event on B', 1000);
      expect(Date.now() - sent).toBeLessThan(1000);
      expect(atB.events[0]).toEqual({ type: 'comment', projectId: data.projectId, threadId, commentId, action: 'created' });
      // told of it, B's reader finds it already there
      const threads = await fetch(`${bUrl}/api/projects/${data.projectId}/threads`, { headers: { cookie: cookies.finance! } });
      const listed = (await threads.json()) as Array<{ id: string; comments: Array<{ id: string; body: string }> }>;
      expect(listed.find((t) => t.id === threadId)?.comments.map((c) => c.body)).toEqual(['项目期是否应为 1 年？', '是，已改为 1 年']);
      // A's own subscriber hears it too, once
      await waitFor(() => atA.events.length > 0, 'the event on A', 1000);

      // and from B to A: a resolve through B
      const resolved = await fetch(`${bUrl}/api/threads/${threadId}/resolve`, {
        method: 'POST',
        headers: { cookie: cookies.finance!, origin: bUrl.replace('127.0.0.1', 'localhost') },
      });
      expect(resolved.status, await resolved.clone().text()).toBe(200);
      await waitFor(() => atA.events.length > 1, 'the thread event on A', 1000);
      expect(atA.events).toEqual([
        { type: 'comment', projectId: data.projectId, threadId, commentId, action: 'created' },
        { type: 'thread', projectId: data.projectId, threadId, action: 'resolved' },
      ]);
      expect(atB.events).toHaveLength(2);
    } finally {
      atA.close();
      atB.close();
    }
  });
});
