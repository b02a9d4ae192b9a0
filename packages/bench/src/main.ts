/**
 * Peer comparison of collaboration servers on this machine: the stock y-websocket server,
 * Hocuspocus 4.7 + SQLite, and jixiao on SQLite (and PostgreSQL when JIXIAO_TEST_PG_URL is set).
 * Each (run, server) gets a load generator child pinned to core 1 that starts the server pinned
 * to core 0 and runs the workloads (src/workloads). Prints one table at the end.
 *
 * BENCH_RUNS (default 3), BENCH_QUICK=1 (shorter windows), BENCH_PIN=0 (no taskset), BENCH_SERVERS (comma-separated
 * subset of stock,hocuspocus,jixiao-sqlite,jixiao-pg), BENCH_TIMEOUT_S (whole bench, default 1800).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testDatabases } from '@jixiao/db/testing';
import type { GeneratorJob, GeneratorReply, ServerKind } from './generator.ts';
import { canPin, pinnedNode } from './measure.ts';
import { COLUMNS, goals, report } from './report.ts';
import type { Figures } from './workloads/context.ts';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3) || 3);
const QUICK = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 1800) || 1800;
/** one (run, server) may take this long before its generator and server are killed */
const JOB_TIMEOUT_MS = 6 * 60_000;
const GENERATOR_CORE = 1;

// only the PostgreSQL entry is wanted: no CI rule that it must exist (the bench is not CI)
const postgres = testDatabases({ ...process.env, CI: undefined }).find((d) => d.name === 'postgres');
const wanted = process.env.BENCH_SERVERS?.split(',').map((s) => s.trim());
const kinds = COLUMNS.map((c) => c.kind).filter((k) => (k !== 'jixiao-pg' || postgres) && (!wanted || wanted.includes(k)));

// everything this process started, to be gone however it ends
let current: { generator: ChildProcess; dir: string } | null = null;
function killCurrent(): void {
  if (!current) return;
  // the generator leads its own process group: the server child goes with it
  try {
    process.kill(-current.generator.pid!, 'SIGKILL');
  } catch {}
  rmSync(current.dir, { recursive: true, force: true });
  current = null;
}
process.on('exit', killCurrent);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killCurrent();
    process.exit(130);
  });
}

async function runJob(kind: ServerKind): Promise<Figures | null> {
  const dir = mkdtempSync(join(tmpdir(), 'jx-peer-'));
  let dropDatabase = async () => {};
  try {
    let databaseUrl: string | undefined;
    if (kind === 'jixiao-sqlite') databaseUrl = join(dir, 'jixiao.db');
    if (kind === 'jixiao-pg') {
      const created = await postgres!.create();
      databaseUrl = created.url;
      dropDatabase = created.drop;
    }
    const job: GeneratorJob = { kind, dir, databaseUrl, quick: QUICK };
    const { command, args } = pinnedNode(GENERATOR_CORE, [fileURLToPath(new URL('./generator.ts', import.meta.url))]);
    const generator = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true });
    current = { generator, dir };
    return await new Promise<Figures | null>((resolve) => {
      let figures: Figures | null = null;
      const timer = setTimeout(() => {
        console.error(`[${kind}] did not finish within ${JOB_TIMEOUT_MS / 60_000} min: killed`);
        killCurrent();
      }, JOB_TIMEOUT_MS);
      generator.on('message', (reply: GeneratorReply) => {
        if ('log' in reply) console.log(reply.log);
        else if ('figures' in reply) figures = reply.figures;
        else console.error(`[${kind}] failed: ${reply.error}`);
      });
      generator.once('exit', () => {
        clearTimeout(timer);
        resolve(figures);
      });
      generator.send(job);
    });
  } finally {
    killCurrent();
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase().catch((e) => console.error('dropping the bench database failed:', e));
  }
}

async function main(): Promise<void> {
  const pinned = canPin();
  console.log(
    `peer bench: ${kinds.join(', ')}; ${RUNS} run(s)${QUICK ? ' (quick)' : ''}; servers ${pinned ? 'pinned to core 0' : 'UNPINNED'}, generator ${pinned ? 'to core 1' : 'unpinned'}; Node ${process.version}`,
  );
  const runs = new Map<ServerKind, Figures[]>(kinds.map((k) => [k, []]));
  const deadline = setTimeout(() => {
    console.error(`peer bench: not done within ${TIMEOUT_S} s: stopping`);
    killCurrent();
    console.log(`\n${report(runs)}`);
    process.exit(1);
  }, TIMEOUT_S * 1000);
  let failures = 0;
  for (let run = 1; run <= RUNS; run++) {
    // servers interleaved run by run, so slow drifts of the machine hit them alike
    for (const kind of kinds) {
      console.log(`\n== run ${run}/${RUNS}: ${kind} ==`);
      const figures = await runJob(kind);
      if (figures) runs.get(kind)!.push(figures);
      else failures++;
    }
  }
  clearTimeout(deadline);
  console.log(`\n== peer comparison: median (min–max) of ${RUNS} run(s); ratios of medians ==\n${report(runs)}\n\n${goals(runs)}`);
  if (failures) {
    console.error(`${failures} run(s) failed`);
    process.exitCode = 1;
  }
}

await main();
