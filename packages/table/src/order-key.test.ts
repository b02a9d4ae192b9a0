import { describe, expect, it } from 'vitest';
import { initialKeys, keyBetween } from './order-key.ts';
import { mulberry32 } from './test-prng.ts';

function expectSortedUnique(keys: readonly string[]): void {
  for (let i = 1; i < keys.length; i++) expect(keys[i - 1]! < keys[i]!).toBe(true);
}

describe('keyBetween', () => {
  it('makes keys at the open ends and between neighbours', () => {
    const a = keyBetween('', '');
    const before = keyBetween('', a);
    const after = keyBetween(a, '');
    expect(before < a && a < after).toBe(true);
    const mid = keyBetween(before, a);
    expect(before < mid && mid < a).toBe(true);
  });

  it('rejects unordered bounds', () => {
    expect(() => keyBetween('b', 'a')).toThrow();
    expect(() => keyBetween('a', 'a')).toThrow();
  });

  it('finds room between adjacent digits and right below a key', () => {
    for (const [a, b] of [
      ['1', '2'],
      ['1z', '2'],
      ['1', '11'],
      ['', '01'],
      ['', '001'],
      ['zz', ''],
      ['0V', '0W'],
    ] as const) {
      const k = keyBetween(a, b);
      expect(a < k).toBe(true);
      if (b) expect(k < b).toBe(true);
      expect(k.endsWith('0')).toBe(false);
    }
  });

  it('stays strictly between under many random insertions (fuzz)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rand = mulberry32(seed);
      const keys: string[] = [];
      for (let n = 0; n < 500; n++) {
        // skew towards the ends and one hot spot, where keys grow fastest
        const r = rand();
        const pos = r < 0.2 ? 0 : r < 0.4 ? keys.length : r < 0.6 ? 1 : Math.floor(rand() * (keys.length + 1));
        const at = Math.min(pos, keys.length);
        const a = keys[at - 1] ?? '';
        const b = keys[at] ?? '';
        const k = keyBetween(a, b);
        expect(k > a).toBe(true);
        if (b) expect(k < b).toBe(true);
        expect(k.endsWith('0')).toBe(false);
        keys.splice(at, 0, k);
      }
      expectSortedUnique(keys);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('keeps working after repeated inserts at the same spot', () => {
    let lo = '';
    let hi = keyBetween('', '');
    for (let i = 0; i < 200; i++) {
      const k = keyBetween(lo, hi);
      expect(lo < k && k < hi).toBe(true);
      // alternate which side shrinks so keys get long in both directions
      if (i % 2) lo = k;
      else hi = k;
    }
  });
});

describe('initialKeys', () => {
  for (const n of [0, 1, 2, 61, 62, 63, 1000, 3000, 3843, 10000]) {
    it(`gives ${n} sorted unique keys that never end in '0'`, () => {
      const keys = initialKeys(n);
      expect(keys).toHaveLength(n);
      expectSortedUnique(keys);
      expect(new Set(keys).size).toBe(n);
      expect(new Set(keys.map((k) => k.length)).size).toBeLessThanOrEqual(1);
      for (const k of keys) expect(k.endsWith('0')).toBe(false);
      // every gap, and both ends, still accept a key
      if (n) {
        expect(keyBetween('', keys[0]!) < keys[0]!).toBe(true);
        expect(keyBetween(keys[n - 1]!, '') > keys[n - 1]!).toBe(true);
      }
    });
  }

  it('leaves room between every pair of neighbours', () => {
    const keys = initialKeys(500);
    for (let i = 1; i < keys.length; i++) {
      const k = keyBetween(keys[i - 1]!, keys[i]!);
      expect(keys[i - 1]! < k && k < keys[i]!).toBe(true);
    }
  });
});
