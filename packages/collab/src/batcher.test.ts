import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.ts';

/** A look-up that records each batch it is given and answers once `release` is called. */
function recorder() {
  const batches: string[][] = [];
  let release: () => void = () => {};
  const batcher = new Batcher<number, string>(async (asked) => {
    batches.push([...asked.keys()]);
    await new Promise<void>((r) => {
      release = r;
    });
    return new Map([...asked].map(([key, n]) => [key, n < 0 ? new Error(`no ${key}`) : `${key}=${n}`]));
  });
  return { batcher, batches, release: () => release() };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('Batcher', () => {
  it('looks up what is asked in one turn together, and what is asked meanwhile in the next batch', async () => {
    const { batcher, batches, release } = recorder();
    const first = [batcher.load('a', 1), batcher.load('b', 2)];
    await turn();
    expect(batches).toEqual([['a', 'b']]);
    // asked while the first batch runs: waits for it, then goes together
    const second = [batcher.load('c', 3), batcher.load('d', 4), batcher.load('c', 3)];
    await turn();
    expect(batches).toHaveLength(1);
    release();
    expect(await Promise.all(first)).toEqual(['a=1', 'b=2']);
    await turn();
    expect(batches).toEqual([['a', 'b'], ['c', 'd']]);
    release();
    // one look-up per key: both callers of c get its answer
    expect(await Promise.all(second)).toEqual(['c=3', 'd=4', 'c=3']);
  });

  it('rejects only the callers whose key failed; a failed batch rejects its callers and the next batch still runs', async () => {
    const { batcher, release } = recorder();
    const good = batcher.load('ok', 1);
    const bad = batcher.load('bad', -1);
    await turn();
    release();
    expect(await good).toBe('ok=1');
    await expect(bad).rejects.toThrow('no bad');

    let fail = true;
    const flaky = new Batcher<null, string>(async (asked) => {
      if (fail) throw new Error('database down');
      return new Map([...asked.keys()].map((k) => [k, k]));
    });
    await expect(Promise.all([flaky.load('x', null), flaky.load('y', null)])).rejects.toThrow('database down');
    fail = false;
    expect(await flaky.load('x', null)).toBe('x');
  });

  it('rejects a caller whose key the look-up left unanswered', async () => {
    const batcher = new Batcher<null, string>(async () => new Map());
    await expect(batcher.load('lost', null)).rejects.toThrow('no answer for lost');
  });
});
