/**
 * cold: a table with a 10,000-update history on disk; the server is SIGKILLed, restarted, and
 * one client's connect → synced is timed. n/a for a server that stores nothing (stock).
 */
import { fullClient } from '../clients.ts';
import { fmt, type Figures, type WorkloadContext } from './context.ts';

export async function cold({ server, log }: WorkloadContext): Promise<Figures> {
  if (!server.prepareCold) {
    log('cold: n/a (no persistence)');
    return { 'cold.firstSync': Number.NaN };
  }
  await server.prepareCold();
  await server.process.killAndRestart();
  const t0 = performance.now();
  const c = fullClient(server.target, server.rooms.cold);
  try {
    await Promise.race([c.synced, new Promise((_, reject) => setTimeout(() => reject(new Error('cold sync timed out')), 60_000))]);
    const ms = performance.now() - t0;
    const rows = c.table.indicators().length;
    log(`cold: first sync after kill -9 ${fmt(ms)} ms (${rows} rows, ${c.table.goal.length} goal characters)`);
    // the history's 40 rows (a jixiao table starts with its template's rows too)
    return { 'cold.firstSync': rows >= 40 && c.table.goal.length > 0 ? ms : Number.NaN };
  } finally {
    c.destroy();
  }
}
