/**
 * idle: 2,000 raw sockets over 200 tables, all opened at once (a connection storm), each fully
 * synced, then left idle. Memory per connection = (server RSS after − before) / 2,000 in KiB;
 * connect + first sync p50/p99 over the storm.
 */
import { type RawReceiver, rawReceiver } from '../clients.ts';
import { CpuWindow, percentile, rssKiB, sleep } from '../measure.ts';
import { type Figures, fmt, type WorkloadContext } from './context.ts';

const PER_TABLE = 10;
/** RSS after the storm: the median of samples over this long (it moves with the GC) */
const SETTLE_MS = 2000;
const SAMPLES = 8;

export async function idle({ server, log }: WorkloadContext): Promise<Figures> {
  const pid = server.process.pid;
  const tables = server.rooms.idle;
  const count = tables.length * PER_TABLE;
  const before = rssKiB(pid);
  const window = new CpuWindow(pid);
  const sockets: RawReceiver[] = [];
  try {
    for (let i = 0; i < count; i++) sockets.push(rawReceiver(server.target, tables[i % tables.length]!));
    const settled = await Promise.allSettled(sockets.map((s) => s.synced));
    const times = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = settled.length - times.length;
    const storm = window.read();
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      await sleep(SETTLE_MS / SAMPLES);
      samples.push(rssKiB(pid));
    }
    const after = percentile(samples, 50);
    const figures: Figures = {
      'idle.kibPerConnection': failed ? Number.NaN : (after - before) / count,
      'idle.connectP50': percentile(times, 50),
      'idle.connectP99': percentile(times, 99),
    };
    log(
      `idle: ${count} sockets over ${tables.length} tables${failed ? `, ${failed} FAILED` : ''}; RSS ${fmt(before / 1024)} → ${fmt(after / 1024)} MiB = ${fmt(figures['idle.kibPerConnection']!)} KiB/connection; connect + first sync p50 ${fmt(figures['idle.connectP50']!)} ms p99 ${fmt(figures['idle.connectP99']!)} ms; storm took ${fmt(storm.wall, 2)} s, server ${fmt(storm.serverCpu, 2)} CPU-s, generator CPU ${fmt((100 * storm.generatorCpu) / storm.wall, 0)} %`,
    );
    return figures;
  } finally {
    for (const s of sockets) s.close();
    await sleep(500);
  }
}
