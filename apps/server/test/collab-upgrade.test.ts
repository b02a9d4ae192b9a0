/** Upgrade requests that must never hurt the server: unparseable URLs, too many connections. */
import { connect } from 'node:net';
import { signedSessionCookie } from '@jixiao/auth';
import { testDatabases } from '@jixiao/db/testing';
import { sql } from 'kysely';
import { TableDoc } from '@jixiao/table';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SeededApp,
  connectClient,
  destroyClients,
  openRaw,
  openSeededApp,
  upgradeStatus,
} from './helpers.ts';

/** Send one raw HTTP upgrade request and return everything the server answers until it closes. */
function rawUpgrade(url: string, target: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
    socket.write(
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
  });
}

describe.each(testDatabases())('collab upgrade hardening on $name', (database) => {
  let s: SeededApp;

  beforeAll(async () => {
    s = await openSeededApp(database, {
      collabConfig: { maxConnectionsPerUser: 3, maxConnectionsPerRoom: 5 },
    });
  });
  afterAll(() => s?.close());

  it.each([
    ['a URL that does not parse', '//[/collab/x'],
    ['an absolute-form URL with an invalid port', 'http://x:99999/collab/a'],
  ])('answers %s with 400 and keeps serving', async (_what, target) => {
    const answer = await rawUpgrade(s.app.url, target);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({ error: { code: 'BAD_REQUEST', message: expect.stringMatching(/请求无效/) } });

    // the process is alive and the collaboration works as before
    expect((await fetch(`${s.app.url}/healthz`)).status).toBe(200);
    const c = await connectClient(s.app, s.data.projectId, s.cookies.editor!);
    expect(new TableDoc(c.doc).getHeader('projectName')).toBe('医疗保障服务项目');
    destroyClients(c);
  });

  it('answers an upgrade to another path with 404', async () => {
    expect(await rawUpgrade(s.app.url, '/elsewhere')).toMatch(/^HTTP\/1\.1 404 /);
  });

  it('refuses connections past the per-user and per-room caps with 429, and frees slots on close', async () => {
    const mine = await Promise.all([1, 2, 3].map(() => openRaw(s.app, s.data.projectId, s.cookies.editor!)));
    const refused = await upgradeStatus(s.app, s.data.projectId, s.cookies.editor);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body).error).toEqual({ code: 'TOO_MANY_CONNECTIONS', message: expect.stringMatching(/连接过多/) });

    // a closed socket gives its slot back
    mine[0]!.ws.close();
    await mine[0]!.closed;
    let again = await openRaw(s.app, s.data.projectId, s.cookies.editor!).catch(() => null);
    for (let i = 0; !again && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 20));
      again = await openRaw(s.app, s.data.projectId, s.cookies.editor!).catch(() => null);
    }
    expect(again).not.toBeNull();

    // the room: 3 of the editor + 2 others = 5, the sixth is refused whoever it is
    const others = [await openRaw(s.app, s.data.projectId, s.cookies.editor2!), await openRaw(s.app, s.data.projectId, s.cookies.reviewer!)];
    const full = await upgradeStatus(s.app, s.data.projectId, s.cookies.finance);
    expect(full.status).toBe(429);
    expect(JSON.parse(full.body).error.code).toBe('ROOM_FULL');

    for (const raw of [...mine, again!, ...others]) raw.ws.close();
    await Promise.all([...mine, again!, ...others].map((r) => r.closed));
  });

  it('warms up for nobody: it opens no room and writes nothing, and the table still opens', async () => {
    const { db } = s.app.services;
    const counts = () =>
      Promise.all(
        ['session', 'doc_update', 'doc_snapshot', 'audit', 'project'].map(async (table) =>
          Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n),
        ),
      );
    const before = await counts();
    const rooms = s.app.collab.roomCount;
    await s.app.collab.warmUp(await signedSessionCookie(s.app.services.auth, 'no-such-session'));
    expect(s.app.collab.roomCount).toBe(rooms);
    expect(await counts()).toEqual(before);
    const c = await connectClient(s.app, s.data.projectId, s.cookies.editor!);
    expect(new TableDoc(c.doc).getHeader('projectName')).toBe('医疗保障服务项目');
    destroyClients(c);
  });
});
