/** The import worker pool: deadlines, memory caps and a bounded queue, each answered in Chinese. */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportRequestError } from '../src/import-errors.ts';
import { ImportPool } from '../src/import-pool.ts';
import { manyCells, zipBomb } from '../../../packages/table/src/xlsx/test-workbooks.ts';

const text = readFileSync(new URL('../../../packages/table/fixtures/seeds/003_779fbb76cc83e166.txt', import.meta.url), 'utf8');
const heavy = manyCells(150_000);

const pools: ImportPool[] = [];
const pool = (options: ConstructorParameters<typeof ImportPool>[0]) => {
  const p = new ImportPool(options);
  pools.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as ImportRequestError,
  );

describe('ImportPool', () => {
  it('parses text and workbooks in a worker, and passes refusals on', async () => {
    const p = pool({ workers: 1 });
    expect((await p.run({ kind: 'text', text })).tables).toHaveLength(6);
    const err = await refusal(p.run({ kind: 'xlsx', data: zipBomb(50) }));
    expect(err).toBeInstanceOf(ImportRequestError);
    expect(err).toMatchObject({ status: 413, code: 'WORKBOOK_TOO_LARGE' });
  });

  it('stops a job past its deadline with 422, then serves the next one', async () => {
    const p = pool({ workers: 1, timeoutMs: 300 });
    await p.run({ kind: 'text', text }); // warm: the deadline is for the parse, not the start
    const t0 = performance.now();
    const err = await refusal(p.run({ kind: 'xlsx', data: heavy }));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(err).toMatchObject({ status: 422, code: 'WORKBOOK_TOO_COMPLEX' });
    expect(err!.message).toMatch(/超时/);
    expect((await p.run({ kind: 'text', text })).tables).toHaveLength(6);
  });

  it('answers 503 once the workers and the queue are full', async () => {
    const p = pool({ workers: 1, queue: 1 });
    const first = p.run({ kind: 'xlsx', data: heavy });
    const second = p.run({ kind: 'text', text });
    const third = await refusal(p.run({ kind: 'text', text }));
    expect(third).toMatchObject({ status: 503, code: 'IMPORT_BUSY' });
    expect(third!.message).toMatch(/服务器正忙/);
    expect(p.load).toEqual({ running: 1, waiting: 1 });
    await Promise.allSettled([first, second]);
    expect(p.load).toEqual({ running: 0, waiting: 0 });
  });

  it('answers 422 when a worker runs out of its heap', async () => {
    const p = pool({ workers: 1, resourceLimits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 } });
    const err = await refusal(p.run({ kind: 'xlsx', data: heavy }));
    expect(err).toMatchObject({ status: 422, code: 'WORKBOOK_TOO_COMPLEX' });
    expect(err!.message).toMatch(/内存/);
  });
});
