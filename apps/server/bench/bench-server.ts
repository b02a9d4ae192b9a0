/**
 * The server side of the cold-sync bench (cold-sync.bench.ts), in its own process so its RSS and CPU are its own:
 * starts the app on the given SQLite file, seeds one editor, the benchmark table and a table
 * with HISTORY stored updates, then prints one JSON line and serves until SIGTERM.
 */
import { createAccount } from '@jixiao/auth';
import { createProject, loadActor } from '@jixiao/core';
import { TableDoc } from '@jixiao/table';
import * as Y from 'yjs';
import { startApp } from '../src/app.ts';

const [databaseUrl, portText, historyText] = process.argv.slice(2);
const port = Number(portText);
const history = Number(historyText ?? 10_000);
const quiet = { warn: () => {}, error: (...a: unknown[]) => console.error(...a) };

const app = await startApp(
  {
    port,
    host: '127.0.0.1',
    databaseUrl,
    demo: false,
    origin: `http://localhost:${port}`,
    extraOrigins: [],
    secret: 'bench-secret-0123456789abcdef0123456789',
    production: false,
    trustProxy: false,
  },
  // every bench client signs in as the one bench user: lift the per-user and per-room caps
  { web: false, log: quiet, collabConfig: { maxConnectionsPerUser: 100_000, maxConnectionsPerRoom: 100_000 } },
);
const { db, auth } = app.services;
await db
  .insertInto('unit')
  .values({ id: 'u_bench', name: '基准测试单位', kind: 'department', level: 'region', parent_id: null, created_at: new Date().toISOString() })
  .execute();
const email = 'bench@jixiao.test';
const password = 'bench-password-2026';
const user = await createAccount(auth, { email, name: '基准', password });
await db.insertInto('membership').values({ user_id: user.id, unit_id: 'u_bench', role: 'editor' }).execute();
const actor = await loadActor(db, user);
const live = await createProject(db, actor, { unitId: 'u_bench', name: '协同基准表', year: 2026 });
const big = await createProject(db, actor, { unitId: 'u_bench', name: '长历史表', year: 2026 });

// HISTORY small updates, as an editing session would have left them in the log
const doc = new Y.Doc();
const table = new TableDoc(doc);
const updates: Uint8Array[] = [];
doc.on('update', (u: Uint8Array) => updates.push(u));
const rows: string[] = [];
for (let i = 0; i < 40; i++) rows.push(table.addIndicator({ level1: '产出指标', level2: '数量指标', name: `指标${i}` }));
for (let i = updates.length; updates.length < history; i++) {
  const id = rows[i % rows.length]!;
  if (i % 3 === 0) table.setIndicatorText(id, 'value', `≥${i}万人`);
  else table.goal.insert(Math.min(table.goal.length, i % 97), String.fromCharCode(0x4e00 + (i % 500)));
}
for (let i = 0; i < updates.length; i += 500) {
  await db
    .insertInto('doc_update')
    .values(updates.slice(i, i + 500).map((data) => ({ project_id: big.id, data })))
    .execute();
}

console.log(JSON.stringify({ url: app.url, email, password, liveProject: live.id, bigProject: big.id, history: updates.length }));

process.on('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
