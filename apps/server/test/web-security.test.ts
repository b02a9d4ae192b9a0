/**
 * Response headers the browser relies on for safety, on the API (the web pages' own headers
 * are checked by the browser tests in apps/web/e2e/security.e2e.ts against the real build).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount } from '@jixiao/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../src/app.ts';
import { PASSWORD, freePort, quietLog, testConfig } from './helpers.ts';

describe('security headers of the API', () => {
  let app: RunningApp;
  let dir: string;
  let origin: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jx-websec-'));
    const port = await freePort();
    // served over https behind a proxy: cookies must then be Secure
    origin = `https://jixiao.example:${port}`;
    app = await startApp(testConfig(join(dir, 'jixiao.db'), port, { origin, production: true }), { web: false, log: quietLog() });
    await createAccount(app.services.auth, { email: 'a@jixiao.test', name: 'A', password: PASSWORD });
  });

  afterAll(async () => {
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends nosniff with every response: JSON, errors, auth', async () => {
    const responses = [
      await fetch(`${app.url}/healthz`),
      await fetch(`${app.url}/api/projects`),
      await fetch(`${app.url}/api/no-such-route`),
      await fetch(`${app.url}/api/auth/get-session`),
    ];
    for (const res of responses) {
      expect([res.url, res.headers.get('x-content-type-options')]).toEqual([res.url, 'nosniff']);
    }
  });

  it('marks the session cookie Secure when the origin is https', async () => {
    const res = await fetch(`${app.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ email: 'a@jixiao.test', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure/i);
  });
});
