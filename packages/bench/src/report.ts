/** The final table: measures × servers, each cell `median (min–max)` over the runs, and the goal ratios. */
import { type Spread, spread } from './measure.ts';
import type { ServerKind } from './generator.ts';
import type { Figures } from './workloads/context.ts';

export const COLUMNS: { kind: ServerKind; title: string }[] = [
  { kind: 'stock', title: 'stock' },
  { kind: 'hocuspocus', title: 'hocuspocus' },
  { kind: 'jixiao-sqlite', title: 'jixiao SQLite' },
  { kind: 'jixiao-pg', title: 'jixiao PG' },
];

interface Measure {
  key: string;
  title: string;
  digits: number;
  /** jixiao ÷ this peer is one of the ratio goals */
  ratioTo?: ServerKind[];
}

const MEASURES: Measure[] = [
  { key: 'hot.cpuPer1kDeliveries', title: 'hot: server CPU-s / 1k deliveries', digits: 4, ratioTo: ['stock', 'hocuspocus'] },
  { key: 'hot.p50', title: 'hot: latency p50 (ms)', digits: 1 },
  { key: 'hot.p99', title: 'hot: latency p99 (ms)', digits: 1, ratioTo: ['stock', 'hocuspocus'] },
  { key: 'hot.generatorShare', title: 'hot: generator CPU share', digits: 2 },
  { key: 'rooms.maxRate', title: 'rooms: max edits/s at p99 ≤ 50 ms', digits: 0 },
  { key: 'rooms.editsPerCore', title: 'rooms: edits / server CPU-s', digits: 0, ratioTo: ['stock', 'hocuspocus'] },
  { key: 'rooms.editsPerCpuFirstStep', title: 'rooms: edits / server CPU-s at 250 edits/s', digits: 0, ratioTo: ['stock', 'hocuspocus'] },
  { key: 'rooms.generatorShare', title: 'rooms: generator CPU share (limit step)', digits: 2 },
  { key: 'rooms.generatorBound', title: 'rooms: runs generator-bound', digits: 0 },
  { key: 'rooms.commitP50FirstStep', title: 'rooms: receipt→committed p50 at 250/s (ms)', digits: 1 },
  { key: 'rooms.commitP99FirstStep', title: 'rooms: receipt→committed p99 at 250/s (ms)', digits: 1 },
  { key: 'rooms.commitP50', title: 'rooms: receipt→committed p50 at the limit (ms)', digits: 1 },
  { key: 'rooms.commitP99', title: 'rooms: receipt→committed p99 at the limit (ms)', digits: 1 },
  { key: 'idle.kibPerConnection', title: 'idle: KiB / connection', digits: 1, ratioTo: ['stock', 'hocuspocus'] },
  { key: 'idle.connectP50', title: 'storm: connect+sync p50 (ms)', digits: 1, ratioTo: ['stock', 'hocuspocus'] },
  { key: 'idle.connectP99', title: 'storm: connect+sync p99 (ms)', digits: 1, ratioTo: ['stock', 'hocuspocus'] },
  { key: 'cold.firstSync', title: 'cold: first sync after kill -9 (ms)', digits: 1, ratioTo: ['hocuspocus'] },
  { key: 'cold.serverAnswer', title: 'cold: same, the server\'s answer alone (raw socket, ms)', digits: 1, ratioTo: ['hocuspocus'] },
  { key: 'rssStartMiB', title: 'RSS after start (MiB)', digits: 1, ratioTo: ['stock', 'hocuspocus'] },
  { key: 'pause.relayedWhileStalled', title: 'pause: relayed while stalled', digits: 0 },
  { key: 'pause.told', title: 'pause: clients shown 未保存 (of 10)', digits: 0 },
  { key: 'pause.closed4503', title: 'pause: clients closed 4503 (of 10)', digits: 0 },
  { key: 'pause.missingEdits', title: 'pause: edits missing after', digits: 0 },
];

const num = (n: number, d: number) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

function cell(s: Spread, digits: number): string {
  if (!s.n) return 'n/a';
  return s.n === 1 ? num(s.median, digits) : `${num(s.median, digits)} (${num(s.min, digits)}–${num(s.max, digits)})`;
}

/** `runs[kind]` = the figures of each run of that server. */
export function report(runs: Map<ServerKind, Figures[]>): string {
  const columns = COLUMNS.filter((c) => runs.has(c.kind));
  const jixiao = columns.filter((c) => c.kind.startsWith('jixiao'));
  const peers = (m: Measure) => columns.filter((c) => m.ratioTo?.includes(c.kind));
  const header = ['measure', ...columns.map((c) => c.title)];
  const ratioTitles: string[] = [];
  for (const j of jixiao) for (const p of ['stock', 'hocuspocus'] as const) if (runs.has(p)) ratioTitles.push(`${j.title}/${p}`);
  const rows: string[][] = [];
  for (const m of MEASURES) {
    const spreads = columns.map((c) => spread((runs.get(c.kind) ?? []).map((f) => f[m.key] ?? Number.NaN)));
    if (spreads.every((s) => !s.n)) continue;
    const ratios: string[] = [];
    for (const j of jixiao) {
      for (const p of ['stock', 'hocuspocus'] as const) {
        if (!runs.has(p)) continue;
        const peer = peers(m).find((c) => c.kind === p);
        const a = spreads[columns.indexOf(j)]!.median;
        const b = peer ? spreads[columns.indexOf(peer)]!.median : Number.NaN;
        ratios.push(peer && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '');
      }
    }
    rows.push([m.title, ...spreads.map((s) => cell(s, m.digits)), ...ratios]);
  }
  const table = [header.concat(ratioTitles), ...rows];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  return table.map((r) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ')).join('\n');
}

/** The goals, checked on the medians of each jixiao column (ratios against stock in the same run). */
export function goals(runs: Map<ServerKind, Figures[]>): string {
  const median = (kind: ServerKind, key: string) => spread((runs.get(kind) ?? []).map((f) => f[key] ?? Number.NaN)).median;
  const stock = (key: string) => median('stock', key);
  const lines: string[] = [];
  for (const { kind, title } of COLUMNS.filter((c) => c.kind.startsWith('jixiao') && runs.has(c.kind))) {
    const m = (key: string) => median(kind, key);
    const checks: [string, boolean | undefined, string][] = [
      ['CPU per delivery ≤ stock', cmp(m('hot.cpuPer1kDeliveries'), stock('hot.cpuPer1kDeliveries'), (a, b) => a <= b), `${num(m('hot.cpuPer1kDeliveries'), 4)} vs ${num(stock('hot.cpuPer1kDeliveries'), 4)}`],
      ['rooms edits per core ≥ stock', cmp(m('rooms.editsPerCore'), stock('rooms.editsPerCore'), (a, b) => a >= b), `${num(m('rooms.editsPerCore'), 0)} vs ${num(stock('rooms.editsPerCore'), 0)}`],
      ['rooms p99 ≤ 50 ms at ≥ 2,000 edits/s', cmp(m('rooms.maxRate'), 2000, (a, b) => a >= b), `held ${num(m('rooms.maxRate'), 0)} edits/s`],
      ['≤ 15 KiB per idle connection', cmp(m('idle.kibPerConnection'), 15, (a, b) => a <= b), `${num(m('idle.kibPerConnection'), 1)} KiB`],
      ['storm connect p50 ≤ 1.5× stock', cmp(m('idle.connectP50'), 1.5 * stock('idle.connectP50'), (a, b) => a <= b), `${num(m('idle.connectP50') / stock('idle.connectP50'), 2)}×`],
      ['cold first sync ≤ 50 ms', cmp(m('cold.firstSync'), 50, (a, b) => a <= b), `${num(m('cold.firstSync'), 1)} ms`],
      ['RSS after start ≤ 120 MiB', cmp(m('rssStartMiB'), 120, (a, b) => a <= b), `${num(m('rssStartMiB'), 1)} MiB`],
      ['receipt→committed p99 ≤ 20 ms', cmp(m('rooms.commitP99'), 20, (a, b) => a <= b), `${num(m('rooms.commitP99'), 1)} ms`],
    ];
    lines.push(`${title} goals:`);
    for (const [what, ok, detail] of checks) lines.push(`  ${ok === undefined ? 'n/a ' : ok ? 'MET ' : 'MISS'} ${what} (${detail})`);
  }
  return lines.join('\n');
}

function cmp(a: number, b: number, ok: (a: number, b: number) => boolean): boolean | undefined {
  return Number.isFinite(a) && Number.isFinite(b) ? ok(a, b) : undefined;
}
