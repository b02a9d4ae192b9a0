/** `npm start`: migrate, load demo data when asked, serve, and shut down cleanly on SIGTERM. */
import { demoAccounts, DEMO_PASSWORD } from '@jixiao/core';
import { startApp } from './app.ts';
import { configFromEnv } from './config.ts';

const config = configFromEnv();
const app = await startApp(config);
const shown = `http://localhost:${config.port}`;
console.log(`\n绩效 jixiao 已启动 (running): ${shown}`);
console.log(`数据库 (database): ${config.databaseUrl ? config.databaseUrl.replace(/\/\/[^@/]*@/, '//***@') : 'SQLite ./data/jixiao.db'}`);
if (config.demo) {
  console.log(`\n演示账号 (demo accounts), 密码 (password): ${DEMO_PASSWORD}`);
  for (const a of demoAccounts()) console.log(`  ${a.email.padEnd(24)} ${a.name}  ${a.unit}  ${a.role}`);
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: 正在保存并关闭 (flushing and closing)…`);
    app.close().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  });
}
