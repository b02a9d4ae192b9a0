/**
 * A process whose only work was the app — a seeding script, an admin command — closes it and
 * goes on to its next line: close() settles, with every timer, thread and connection the app
 * started stopped, and the process then exits by itself.
 */
import { execFile } from 'node:child_process';
import { testDatabases } from '@jixiao/db/testing';
import { describe, expect, it } from 'vitest';
import { freePort, testConfig } from './helpers.ts';

const SRC = new URL('../src/', import.meta.url);
const SCRIPT = `
const { startApp } = await import(${JSON.stringify(new URL('app.ts', SRC).href)});
const app = await startApp(JSON.parse(process.env.JIXIAO_TEST_CONFIG), { web: false, log: { warn() {}, error: console.error } });
// long enough for everything the app starts to be up and running
await new Promise((r) => setTimeout(r, 1500));
await app.close();
console.log('closed');
`;

describe.each(testDatabases())('closing the app on $name', (database) => {
  it('settles, and the process carries on and exits by itself', { timeout: 60_000 }, async () => {
    const { url, drop } = await database.create();
    try {
      const config = testConfig(url, await freePort());
      const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(
          process.execPath,
          ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', SCRIPT],
          { env: { ...process.env, JIXIAO_TEST_CONFIG: JSON.stringify(config) }, timeout: 45_000 },
          (_e, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
        );
      });
      expect({ code, stdout: stdout.trim() }, stderr).toEqual({ code: 0, stdout: 'closed' });
    } finally {
      await drop();
    }
  });
});
