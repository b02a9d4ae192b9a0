/**
 * Writes .br and .gz beside every hashed script and stylesheet of the client build, once at
 * build time, so the server sends them precompressed (serveStatic's `precompressed`) instead of
 * compressing the same bytes on every request; brotli at its highest quality is too slow for
 * that, and worth it once.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ASSETS = new URL('../build/client/assets/', import.meta.url).pathname;
const COMPRESSIBLE = /\.(js|css|svg|json|map)$/;

let raw = 0;
let br = 0;
for (const name of readdirSync(ASSETS)) {
  if (!COMPRESSIBLE.test(name)) continue;
  const path = join(ASSETS, name);
  const data = readFileSync(path);
  const brotli = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  writeFileSync(`${path}.br`, brotli);
  writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
  raw += data.length;
  br += brotli.length;
}
console.log(`precompressed assets: ${(raw / 1024).toFixed(0)} KiB → ${(br / 1024).toFixed(0)} KiB brotli`);
