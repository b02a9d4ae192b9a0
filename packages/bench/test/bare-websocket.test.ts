import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { type BareHandlers, bareWebSocket } from '../src/bare-websocket.ts';

/** A real `ws` server on a free loopback port; `refuse` answers upgrades with that status. */
async function server(refuse?: number) {
  const http = createServer();
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    if (refuse) {
      socket.end(`HTTP/1.1 ${refuse} Unauthorized\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const { port } = http.address() as AddressInfo;
  const close = () => {
    for (const c of wss.clients) c.terminate();
    return new Promise<void>((r) => http.close(() => r()));
  };
  return { wss, url: `ws://127.0.0.1:${port}/room-1?x=1`, close };
}

/** The events a bare client saw, and a promise per kind. */
function recorder() {
  const events = { opened: false, messages: [] as (Buffer | null)[], errors: [] as Error[], closes: [] as number[] };
  let onMessage = () => {};
  const handlers: BareHandlers = {
    open: () => {
      events.opened = true;
    },
    message: (p) => {
      events.messages.push(p ? Buffer.from(p) : null);
      onMessage();
    },
    error: (e) => events.errors.push(e),
    closed: (code) => events.closes.push(code),
  };
  const messages = (n: number) =>
    new Promise<void>((resolve) => {
      onMessage = () => {
        if (events.messages.length >= n) resolve();
      };
      onMessage();
    });
  return { events, handlers, messages };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

describe('bareWebSocket', () => {
  it('upgrades with the given headers, sends masked frames and reads frames of every length, split anywhere', async () => {
    const s = await server();
    stop = s.close;
    const seen: { cookie?: string; path?: string } = {};
    const received: Buffer[] = [];
    const sizes = [0, 1, 125, 126, 65535, 65536, 200_000];
    s.wss.on('connection', (ws, req) => {
      seen.cookie = req.headers.cookie;
      seen.path = req.url;
      ws.on('message', (data: Buffer) => {
        received.push(data);
        // every size at once: the client gets them in chunks that split headers and payloads
        for (const n of sizes) ws.send(Buffer.alloc(n, n % 251));
      });
    });
    const { events, handlers, messages } = recorder();
    const client = bareWebSocket(s.url, { Cookie: 'a=b' }, handlers, () => true);
    await until(() => events.opened);
    client.send(Uint8Array.of(1, 2, 3, 250));
    await messages(sizes.length);
    expect(seen).toEqual({ cookie: 'a=b', path: '/room-1?x=1' });
    expect(received.map((b) => [...b])).toEqual([[1, 2, 3, 250]]);
    expect(events.messages.map((m) => m?.length)).toEqual(sizes);
    expect(events.messages.every((m, i) => m!.every((byte) => byte === sizes[i]! % 251))).toBe(true);
    expect(events.errors).toEqual([]);
    client.terminate();
  });

  it('hands over no payload it was not asked for, answers pings and reports the close code', async () => {
    const s = await server();
    stop = s.close;
    const got: { pong?: Buffer } = {};
    s.wss.on('connection', (ws) => {
      ws.on('pong', (data) => {
        got.pong = data;
        ws.send(Buffer.from('late'));
        ws.close(4401, 'bye');
      });
      ws.send(Buffer.from('first'));
      ws.send(Buffer.from('second'));
      ws.ping(Buffer.from('are you there'));
    });
    const { events, handlers } = recorder();
    bareWebSocket(s.url, {}, handlers, (length) => length === 5);
    await until(() => events.closes.length > 0);
    expect(events.messages.map((m) => m?.toString() ?? null)).toEqual(['first', null, null]);
    expect(got.pong?.toString()).toBe('are you there');
    expect(events.closes).toEqual([4401]);
  });

  it('reports a refused upgrade as an error with its status line', async () => {
    const s = await server(401);
    stop = s.close;
    const { events, handlers } = recorder();
    bareWebSocket(s.url, {}, handlers, () => true);
    await until(() => events.errors.length > 0);
    expect(events.errors[0]!.message).toBe('upgrade refused: HTTP/1.1 401 Unauthorized');
    expect(events.opened).toBe(false);
  });
});
