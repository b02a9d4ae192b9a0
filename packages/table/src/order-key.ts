/**
 * Sortable order keys (fractional indexing over base-62 digits). A key strictly between two
 * neighbours can always be made, so inserts and moves never renumber other rows. Two clients
 * may pick the same key concurrently; readers break ties by row id, so every replica agrees.
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = DIGITS.length;
const MID = DIGITS[BASE >> 1]!;

function digit(key: string, i: number, fallback: number): number {
  const ch = key[i];
  return ch === undefined ? fallback : DIGITS.indexOf(ch);
}

/** A key strictly between `a` and `b` ('' means open end). Requires a < b when both set. */
export function keyBetween(a: string, b: string): string {
  if (a && b && a >= b) throw new Error(`keyBetween: ${a} >= ${b}`);
  let out = '';
  for (let i = 0; ; i++) {
    const lo = digit(a, i, 0);
    const hi = b ? digit(b, i, BASE) : BASE;
    if (lo === hi) {
      out += DIGITS[lo];
      continue;
    }
    if (hi - lo > 1) return out + DIGITS[(lo + hi) >> 1];
    // adjacent digits: keep lo and find room further right, now unbounded above
    out += DIGITS[lo];
    return out + keyAfter(a.slice(i + 1));
  }
}

function keyAfter(a: string): string {
  let out = '';
  for (let i = 0; ; i++) {
    const lo = digit(a, i, 0);
    if (BASE - lo > 1) return out + DIGITS[(lo + BASE) >> 1];
    out += DIGITS[lo];
  }
}

/** `n` evenly spread fixed-width keys, for building a table in one go. */
export function initialKeys(n: number): string[] {
  let width = 1;
  // step >= 2, so bumping a key off the lowest digit never collides with its successor
  while (BASE ** width < 2 * (n + 1)) width++;
  const step = Math.floor(BASE ** width / (n + 1));
  return Array.from({ length: n }, (_, i) => {
    let v = (i + 1) * step;
    if (v % BASE === 0) v += 1; // a key never ends in the lowest digit, or nothing fits before it
    let key = '';
    for (let d = 0; d < width; d++) {
      key = DIGITS[v % BASE] + key;
      v = Math.floor(v / BASE);
    }
    return key;
  });
}

export { MID as ORDER_KEY_MID };
