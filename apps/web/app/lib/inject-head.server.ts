import { Transform } from 'node:stream';

const HEAD_END = Buffer.from('</head>');

/**
 * Inserts `html` just before the page's `</head>` (the first one in the stream) and passes
 * everything else through unchanged; bytes are held back only until `</head>` has been seen.
 */
export function injectBeforeHeadEnd(html: () => string): Transform {
  let pending: Buffer | null = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!pending) return done(null, chunk);
      const buf = Buffer.concat([pending, chunk]);
      const at = buf.indexOf(HEAD_END);
      if (at < 0) {
        pending = buf;
        return done();
      }
      pending = null;
      done(null, Buffer.concat([buf.subarray(0, at), Buffer.from(html()), buf.subarray(at)]));
    },
    flush(done) {
      done(null, pending?.length ? pending : null);
    },
  });
}
