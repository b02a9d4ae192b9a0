/**
 * hot: 50 clients × 5 edits/s on one table for 10 s. Server CPU-seconds per 1,000 deliveries (a
 * delivery = one remote update applied by one client) and p50/p99 remote-visible latency (edit
 * made → visible in another client's doc) timed by 5 observer clients.
 */
import { addSenderRow, type FullClient, fullClient, stamp, watchRow } from '../clients.ts';
import { CpuWindow, percentile, sleep, waitFor } from '../measure.ts';
import { type Figures, fmt, type WorkloadContext } from './context.ts';

const CLIENTS = 50;
const EDITS_PER_SECOND = 5;
const OBSERVERS = 5;

export async function hot({ server, quick, log }: WorkloadContext): Promise<Figures> {
  const seconds = quick ? 4 : 10;
  const clients: FullClient[] = Array.from({ length: CLIENTS }, () => fullClient(server.target, server.rooms.hot));
  try {
    await Promise.all(clients.map((c) => c.synced));
    const rowId = (i: number) => `hot-row-${i}`;
    clients.forEach((c, i) => {
      addSenderRow(c.table, rowId(i));
    });
    await waitFor(() => clients.every((c) => clients.every((_, j) => c.table.row(rowId(j))?.get('value'))), 'every row in every client');

    const sentAt: number[][] = clients.map(() => []);
    let measuring = false;
    let delivered = 0;
    const latencies: number[] = [];
    const lastSeen = clients.map(() => clients.map(() => -1));
    clients.forEach((c, k) => {
      clients.forEach((_, i) => {
        if (i === k) return;
        watchRow(c.table, rowId(i), (seq, now) => {
          if (measuring) delivered += seq - lastSeen[k]![i]!;
          lastSeen[k]![i] = seq;
          const t0 = sentAt[i]![seq];
          if (k < OBSERVERS && t0 !== undefined) latencies.push(now - t0);
        });
      });
    });
    await sleep(500); // let the set-up traffic settle before the window opens

    measuring = true;
    const window = new CpuWindow(server.process.pid);
    const timers: NodeJS.Timeout[] = [];
    const period = 1000 / EDITS_PER_SECOND;
    clients.forEach((c, i) => {
      timers.push(
        setTimeout(() => {
          timers.push(
            setInterval(() => {
              const seq = sentAt[i]!.length;
              sentAt[i]!.push(performance.now());
              c.table.setIndicatorText(rowId(i), 'value', stamp(seq));
            }, period),
          );
        }, (i * period) / CLIENTS),
      );
    });
    await sleep(seconds * 1000);
    for (const t of timers) clearInterval(t);
    const last = sentAt.map((s) => s.length - 1);
    const drained = await waitFor(() => lastSeen.every((seen, k) => seen.every((s, i) => i === k || s >= last[i]!)), 'the last edits everywhere', 10_000).then(
      () => true,
      () => false,
    );
    const { serverCpu, generatorCpu, wall } = window.read();
    const edits = last.reduce((a, b) => a + b + 1, 0);
    const figures: Figures = {
      'hot.cpuPer1kDeliveries': serverCpu / (delivered / 1000),
      'hot.p50': percentile(latencies, 50),
      'hot.p99': percentile(latencies, 99),
      'hot.generatorShare': generatorCpu / wall,
    };
    log(
      `hot: ${edits} edits, ${delivered} deliveries in ${fmt(wall)} s${drained ? '' : ' (NOT all delivered)'}; server ${fmt(serverCpu, 2)} CPU-s → ${fmt(figures['hot.cpuPer1kDeliveries']!, 4)} CPU-s/1k deliveries; latency p50 ${fmt(figures['hot.p50']!)} ms p99 ${fmt(figures['hot.p99']!)} ms (${latencies.length} samples); generator CPU ${fmt(100 * figures['hot.generatorShare']!, 0)} %`,
    );
    return figures;
  } finally {
    for (const c of clients) c.destroy();
  }
}
