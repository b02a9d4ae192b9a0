/**
 * rooms: 100 tables × 10 sockets (per table one full sender, one full observer that times the
 * sender's edits, 8 raw receivers). The total edit rate steps up until p99 remote-visible
 * latency passes 50 ms or delivery falls behind; the figure is the highest rate that held, and
 * edits per server CPU-second at that step. A step where the generator used more than 90 % of
 * its core is generator-bound: its limit says as much about the generator as the server.
 */
import { addSenderRow, type FullClient, fullClient, type RawReceiver, rawReceiver, stamp, watchRow } from '../clients.ts';
import { CpuWindow, percentile, sleep, waitFor } from '../measure.ts';
import { ROOM_COUNTS } from '../servers/server-process.ts';
import { type Figures, fmt, type WorkloadContext } from './context.ts';

const RAW_PER_TABLE = 8;
const P99_LIMIT_MS = 50;
const GENERATOR_BOUND = 0.9;
const RATES = [250, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000];
const TICK_MS = 5;

interface Table {
  sender: FullClient;
  observer: FullClient;
  raw: RawReceiver[];
  sentAt: number[];
  seen: number;
}

interface Step {
  rate: number;
  edits: number;
  p50: number;
  p99: number;
  behind: boolean;
  serverCpu: number;
  generatorShare: number;
  commit: { p50: number; p99: number } | null;
}

export async function rooms({ server, quick, log }: WorkloadContext): Promise<Figures> {
  const stepSeconds = quick ? 2 : 4;
  const tables: Table[] = server.rooms.rooms.slice(0, ROOM_COUNTS.rooms).map((room) => ({
    sender: fullClient(server.target, room),
    observer: fullClient(server.target, room),
    raw: Array.from({ length: RAW_PER_TABLE }, () => rawReceiver(server.target, room)),
    sentAt: [],
    seen: -1,
  }));
  try {
    await Promise.all(tables.flatMap((t) => [t.sender.synced, t.observer.synced, ...t.raw.map((r) => r.synced)]));
    tables.forEach((t, i) => {
      addSenderRow(t.sender.table, `row-${i}`);
    });
    await waitFor(() => tables.every((t, i) => t.observer.table.row(`row-${i}`)?.get('value')), 'each sender row at its observer');
    let latencies: number[] = [];
    tables.forEach((t, i) => {
      watchRow(t.observer.table, `row-${i}`, (seq, now) => {
        t.seen = seq;
        const t0 = t.sentAt[seq];
        if (t0 !== undefined) latencies.push(now - t0);
      });
    });
    await sleep(500);

    const steps: Step[] = [];
    let next = 0; // table that makes the next edit
    for (const rate of quick ? RATES.filter((r) => r !== 1500 && r !== 3000) : RATES) {
      latencies = [];
      await server.commitStats?.(); // start the durability window with this step
      const window = new CpuWindow(server.process.pid);
      const start = performance.now();
      let edits = 0;
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const elapsed = (performance.now() - start) / 1000;
          const due = Math.floor(rate * Math.min(elapsed, stepSeconds)) - edits;
          for (let k = 0; k < due; k++, edits++) {
            const i = next;
            const t = tables[i]!;
            next = (next + 1) % tables.length;
            const seq = t.sentAt.length;
            t.sentAt.push(performance.now());
            t.sender.table.setIndicatorText(`row-${i}`, 'value', stamp(seq));
          }
          if (elapsed >= stepSeconds) {
            clearInterval(timer);
            resolve();
          }
        }, TICK_MS);
      });
      // falling behind: the last edits have not arrived a second after the step
      const behind = await waitFor(() => tables.every((t) => t.seen >= t.sentAt.length - 1), 'the step to drain', 1000).then(
        () => false,
        () => true,
      );
      const { serverCpu, generatorCpu, wall } = window.read();
      const commit = (await server.commitStats?.()) ?? null;
      const step: Step = {
        rate,
        edits,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        behind,
        serverCpu,
        generatorShare: generatorCpu / wall,
        commit: commit && commit.count > 0 ? commit : null,
      };
      steps.push(step);
      log(
        `rooms: ${rate} edits/s → p50 ${fmt(step.p50)} ms p99 ${fmt(step.p99)} ms${behind ? ' BEHIND' : ''}; server ${fmt(serverCpu, 2)} CPU-s (${fmt(edits / serverCpu, 0)} edits/CPU-s); generator CPU ${fmt(100 * step.generatorShare, 0)} %${server.commitStats ? `; receipt→committed ${commit ? `p50 ${fmt(commit.p50)} p99 ${fmt(commit.p99)} ms (${commit.count})` : 'n/a'}` : ''}`,
      );
      if (behind || !(step.p99 <= P99_LIMIT_MS)) break;
      await sleep(300);
    }
    const held = steps.filter((s) => !s.behind && s.p99 <= P99_LIMIT_MS).at(-1);
    const failed = steps.at(-1) !== held ? steps.at(-1) : undefined;
    const generatorBound = (failed ?? held)?.generatorShare !== undefined && (failed ?? held)!.generatorShare > GENERATOR_BOUND;
    const raw = tables.reduce((n, t) => n + t.raw.reduce((m, r) => m + r.frames, 0), 0);
    log(
      `rooms: held ${held ? `${held.rate} edits/s` : 'no step'}${failed ? ` (failed at ${failed.rate})` : ' (every step held)'}${generatorBound ? ' — GENERATOR-BOUND' : ''}; raw receivers got ${raw} frames`,
    );
    return {
      'rooms.maxRate': held?.rate ?? 0,
      'rooms.editsPerCore': held ? held.edits / held.serverCpu : Number.NaN,
      // CPU efficiency at the first step, a figure even when no step held (a busy machine)
      'rooms.editsPerCpuFirstStep': steps[0] ? steps[0].edits / steps[0].serverCpu : Number.NaN,
      'rooms.generatorShare': (failed ?? held)?.generatorShare ?? Number.NaN,
      'rooms.generatorBound': generatorBound ? 1 : 0,
      'rooms.commitP50': held?.commit?.p50 ?? Number.NaN,
      'rooms.commitP99': held?.commit?.p99 ?? Number.NaN,
      'rooms.commitP50FirstStep': steps[0]?.commit?.p50 ?? Number.NaN,
      'rooms.commitP99FirstStep': steps[0]?.commit?.p99 ?? Number.NaN,
    };
  } finally {
    for (const t of tables) {
      t.sender.destroy();
      t.observer.destroy();
      for (const r of t.raw) r.close();
    }
  }
}
