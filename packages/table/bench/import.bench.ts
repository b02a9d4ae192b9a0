/**
 * Benchmark: importing all published seed texts (21 target tables, 4 self-evaluation tables).
 * Warm-up, then the median of N runs. Goal: under 1 s for all seeds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { importPublishedText } from '../src/import/import-published-text.ts';
import { importWorkbook } from '../src/xlsx/import-workbook.ts';
import { farCell, giantDimension, hugeMerge, sheetsBomb, tooManyEntries, zipBomb } from '../src/xlsx/test-workbooks.ts';

const dir = new URL('../fixtures/seeds/', import.meta.url);
const texts = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(new URL(f, dir), 'utf8'));
const runs = Number(process.env.BENCH_RUNS ?? 50);

function once(): { ms: number; tables: number; selfEvaluations: number } {
  const t0 = performance.now();
  let tables = 0;
  let selfEvaluations = 0;
  for (const text of texts) {
    const r = importPublishedText(text);
    tables += r.tables.length;
    selfEvaluations += r.selfEvaluations.length;
  }
  return { ms: performance.now() - t0, tables, selfEvaluations };
}

for (let i = 0; i < 5; i++) once();
const samples = Array.from({ length: runs }, once);
const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)]!;
const { tables, selfEvaluations } = samples[0]!;
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
console.log(
  `importPublishedText, all ${texts.length} seeds (${(bytes / 1024).toFixed(0)} KiB → ${tables} target tables + ${selfEvaluations} self-evaluation tables): ` +
    `median ${median.toFixed(2)} ms over ${runs} runs (min ${sorted[0]!.toFixed(2)} ms, max ${sorted[sorted.length - 1]!.toFixed(2)} ms; goal < 1000 ms)`,
);
if (median >= 1000) process.exitCode = 1;

// hostile workbooks: time to refuse (or read) each one, median of 5; goal < 500 ms each
const hostile: Array<[string, Uint8Array]> = [
  ['zip bomb 194 KiB → 190 MiB', zipBomb(190)],
  ['zip bomb, lying size', zipBomb(190, { declaredSize: 1000 })],
  ['3 × 12 MiB parts', sheetsBomb(3, 12)],
  ['5,000 zip entries', tooManyEntries(5000)],
  ['merge F1:XFD1048576', hugeMerge()],
  ['dimension A1:ALL1048576', giantDimension()],
  ['cell at XFD1048576', farCell()],
];
for (const [what, bytes] of hostile) {
  const times: number[] = [];
  let outcome = '';
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    outcome = await importWorkbook(bytes).then(
      (r) => `read ${r.tables.length} table`,
      (e: { code?: string }) => `refused ${e.code}`,
    );
    times.push(performance.now() - t0);
  }
  const ms = times.sort((a, b) => a - b)[2]!;
  console.log(`importWorkbook, ${what} (${(bytes.length / 1024).toFixed(0)} KiB): ${outcome} in ${ms.toFixed(1)} ms (goal < 500 ms)`);
  if (ms >= 500) process.exitCode = 1;
}
