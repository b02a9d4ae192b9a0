import { Transform } from 'node:stream';

/**
 * React 18.3's stream writer flushes its whole 2048-byte buffer when a multi-byte character does
 * not fit at its end, unwritten zero bytes included (facebook/react#31134, fixed in React 19):
 * Chinese text near a 2 KB boundary gets a NUL inside it (e.g. "搜\0索" shows as "搜�索").
 * React never writes a NUL itself, so dropping them restores the page exactly.
 */
export function dropNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, chunk.includes(0) ? chunk.filter((b) => b !== 0) : chunk);
    },
  });
}
