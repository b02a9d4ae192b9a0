/**
 * A bare websocket client for the generator's receivers: a TCP socket, the HTTP upgrade and a
 * frame reader, nothing more. With `ws`, every frame passes a Writable stream, a Buffer of its
 * own and an event; 800 receivers reading 16,000 frames a second at 2,000 edits/s made the
 * generator, not the server, the limit of the rooms workload. Here a frame nobody asked to read
 * costs a header parse and a counter.
 *
 * Server frames are never masked (RFC 6455 §5.1); the client's own frames always are.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

export interface BareHandlers {
  /** the upgrade was answered with 101 */
  open(): void;
  /** a data message; its payload only when `wantPayload(its length)` says so, else null */
  message(payload: Buffer | null): void;
  /** the upgrade was refused, the socket failed, or a frame broke the protocol */
  error(e: Error): void;
  /** the server's close code (1006: the connection ended without a close frame) */
  closed(code: number): void;
}

export interface BareWebSocket {
  /** a binary message */
  send(payload: Uint8Array): void;
  /** drop the connection at once (as `ws.terminate()`) */
  terminate(): void;
}

const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;
const HEADER_END = Buffer.from('\r\n\r\n');

export function bareWebSocket(url: string, headers: Record<string, string>, on: BareHandlers, wantPayload: (length: number) => boolean): BareWebSocket {
  const { hostname, port, pathname, search } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.setNoDelay(true);
  let upgraded = false;
  let ended = false;
  /** bytes of a frame (or of the HTTP answer) not yet complete */
  let pending: Buffer | null = null;

  const end = (code: number) => {
    if (ended) return;
    ended = true;
    on.closed(code);
  };
  const fail = (e: Error) => {
    if (ended) return;
    ended = true;
    on.error(e);
    socket.destroy();
  };

  socket.on('connect', () => {
    const lines = [
      `GET ${pathname}${search} HTTP/1.1`,
      `Host: ${hostname}:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
  socket.on('data', (chunk: Buffer) => {
    let buf = pending ? Buffer.concat([pending, chunk]) : chunk;
    pending = null;
    if (!upgraded) {
      const at = buf.indexOf(HEADER_END);
      if (at < 0) {
        pending = buf;
        return;
      }
      const status = buf.subarray(0, buf.indexOf('\r\n')).toString('latin1');
      if (!/^HTTP\/1\.1 101 /.test(status)) return fail(new Error(`upgrade refused: ${status}`));
      upgraded = true;
      on.open();
      buf = buf.subarray(at + HEADER_END.length);
    }
    const rest = readFrames(buf);
    if (rest !== null && !ended) pending = rest;
  });
  socket.on('error', (e) => fail(e));
  socket.on('close', () => end(1006));

  /** Handle the whole frames of `buf`; returns the bytes of an incomplete last one, or null. */
  function readFrames(buf: Buffer): Buffer | null {
    let off = 0;
    while (!ended) {
      if (buf.length - off < 2) break;
      const b0 = buf[off]!;
      const b1 = buf[off + 1]!;
      if (b1 & 0x80) {
        fail(new Error('a server frame was masked'));
        return null;
      }
      let length = b1 & 0x7f;
      let header = 2;
      if (length === 126) {
        if (buf.length - off < 4) break;
        length = buf.readUInt16BE(off + 2);
        header = 4;
      } else if (length === 127) {
        if (buf.length - off < 10) break;
        length = Number(buf.readBigUInt64BE(off + 2));
        header = 10;
      }
      const start = off + header;
      const stop = start + length;
      if (stop > buf.length) break;
      frame(b0 & 0x0f, buf, start, stop);
      off = stop;
    }
    return off < buf.length ? buf.subarray(off) : null;
  }

  function frame(opcode: number, buf: Buffer, start: number, stop: number): void {
    switch (opcode) {
      case OPCODE.binary:
      case OPCODE.text:
      case OPCODE.continuation:
        on.message(wantPayload(stop - start) ? buf.subarray(start, stop) : null);
        return;
      case OPCODE.ping:
        socket.write(masked(OPCODE.pong, buf.subarray(start, stop)));
        return;
      case OPCODE.close:
        end(stop - start >= 2 ? buf.readUInt16BE(start) : 1005);
        socket.end();
        return;
      default:
      // pong: nothing to do
    }
  }

  return {
    send: (payload) => {
      if (!ended) socket.write(masked(OPCODE.binary, payload));
    },
    terminate: () => {
      ended = true;
      socket.destroy();
    },
  };
}

/** One final frame of `opcode` carrying `payload`, masked as a client must. */
function masked(opcode: number, payload: Uint8Array): Buffer {
  const n = payload.length;
  const header = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(header + 4 + n);
  out[0] = 0x80 | opcode;
  if (n < 126) out[1] = 0x80 | n;
  else if (n < 65536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(n, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeBigUInt64BE(BigInt(n), 2);
  }
  const mask = randomBytes(4);
  mask.copy(out, header);
  for (let i = 0; i < n; i++) out[header + 4 + i] = payload[i]! ^ mask[i & 3]!;
  return out;
}
