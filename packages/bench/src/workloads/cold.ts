/**
 * cold: a table with a 10,000-update history on disk; the server is SIGKILLed, restarted, and
 * one client's connect → synced is timed. n/a for a server that stores nothing (stock). Before
 * the kill, a client reads the table once: the generator's own first decode of a 134 KB table
 * costs it about 100 ms of compiling, which would be timed as the server's (every server alike).
 * Then killed and restarted again, a raw socket times the server's answer alone (connect → the
 * whole table received, not decoded): the part of the figure that is the server's.
 */
import { fullClient, rawReceiver } from '../clients.ts';
import { fmt, type Figures, type WorkloadContext } from './context.ts';

export async function cold({ server, log }: WorkloadContext): Promise<Figures> {
  if (!server.prepareCold) {
    log('cold: n/a (no persistence)');
    return { 'cold.firstSync': Number.NaN, 'cold.serverAnswer': Number.NaN };
  }
  await server.prepareCold();
  const reader = fullClient(server.target, server.rooms.cold);
  await withTimeout(reader.synced, 'reading the cold table').finally(() => reader.destroy());

  await server.process.killAndRestart();
  const t0 = performance.now();
  const c = fullClient(server.target, server.rooms.cold);
  let firstSync: number;
  try {
    await withTimeout(c.synced, 'cold sync');
    const ms = performance.now() - t0;
    const rows = c.table.indicators().length;
    log(`cold: first sync after kill -9 ${fmt(ms)} ms (${rows} rows, ${c.table.goal.length} goal characters)`);
    // the history's 40 rows (a jixiao table starts with its template's rows too)
    firstSync = rows >= 40 && c.table.goal.length > 0 ? ms : Number.NaN;
  } finally {
    c.destroy();
  }

  await server.process.killAndRestart();
  const raw = rawReceiver(server.target, server.rooms.cold);
  const serverAnswer = await withTimeout(raw.synced, 'cold raw sync').finally(() => raw.close());
  log(`cold: the server's answer alone after kill -9 ${fmt(serverAnswer)} ms`);
  return { 'cold.firstSync': firstSync, 'cold.serverAnswer': serverAnswer };
}

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out`)), 60_000);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
