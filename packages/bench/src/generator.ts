/**
 * The load generator: one child process per (server, run), pinned to core 1 by the
 * orchestrator. It starts the server under test (pinned to core 0), runs the workloads in turn
 * and sends their figures to the orchestrator over IPC. The server child dies with it.
 */
import { rmSync } from 'node:fs';
import { type Figures, fmt } from './workloads/context.ts';
import { rssKiB, sleep } from './measure.ts';
import type { RunningServer } from './servers/server-process.ts';
import { launchHocuspocus } from './servers/hocuspocus.ts';
import { launchJixiao } from './servers/jixiao.ts';
import { launchStock } from './servers/stock.ts';
import { cold } from './workloads/cold.ts';
import { hot } from './workloads/hot.ts';
import { idle } from './workloads/idle.ts';
import { pause } from './workloads/pause.ts';
import { rooms } from './workloads/rooms.ts';

export type ServerKind = 'stock' | 'hocuspocus' | 'jixiao-sqlite' | 'jixiao-pg';

export interface GeneratorJob {
  kind: ServerKind;
  /** this run's temp dir (databases) */
  dir: string;
  /** jixiao: its database */
  databaseUrl?: string;
  quick: boolean;
}

export type GeneratorReply = { log: string } | { figures: Figures } | { error: string };

function launch(job: GeneratorJob): Promise<RunningServer> {
  switch (job.kind) {
    case 'stock':
      return launchStock();
    case 'hocuspocus':
      return launchHocuspocus(job.dir);
    case 'jixiao-sqlite':
      return launchJixiao('jixiao SQLite', { kind: 'sqlite', url: job.databaseUrl! }, job.dir);
    case 'jixiao-pg':
      return launchJixiao('jixiao PG', { kind: 'postgres', url: job.databaseUrl! }, job.dir);
  }
}

async function run(job: GeneratorJob, say: (reply: GeneratorReply) => void): Promise<Figures> {
  const log = (line: string) => say({ log: `[${job.kind}] ${line}` });
  const server = await launch(job);
  try {
    await sleep(1000);
    const figures: Figures = { rssStartMiB: rssKiB(server.process.pid) / 1024 };
    log(`server pid ${server.process.pid}, RSS after start ${fmt(figures.rssStartMiB!)} MiB`);
    const ctx = { server, quick: job.quick, log };
    // idle first: its memory figure wants a heap that no other workload has grown
    for (const workload of [idle, hot, rooms, pause, cold]) {
      if (workload === pause && !server.database) continue;
      Object.assign(figures, await workload(ctx));
    }
    return figures;
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const say = (reply: GeneratorReply) => process.send?.(reply);
  // the last message is flushed before exiting
  const last = (reply: GeneratorReply, code: number) => process.send!(reply, () => process.exit(code));
  let dir: string | undefined;
  // the orchestrator is gone (killed): so is this run, the server with it (exit handler), and
  // the run's temp dir, which the orchestrator can no longer remove
  process.once('disconnect', () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  });
  process.once('message', (job: GeneratorJob) => {
    dir = job.dir;
    run(job, say).then(
      (figures) => last({ figures }, 0),
      (e: unknown) => last({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }, 1),
    );
  });
}
