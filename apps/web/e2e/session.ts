/** Shared by the browser tests: the server's URL and signed-in browser contexts. */
import { type Browser, type BrowserContext, type Page, expect } from '@playwright/test';

export const DEMO_PASSWORD = 'jixiao-demo-2026';

export function baseUrl(): string {
  const url = process.env.JIXIAO_E2E_URL;
  if (!url) throw new Error('JIXIAO_E2E_URL is not set (global setup did not run)');
  return url;
}

/** A browser context signed in as `email` (on `base`, by default the test server): the session cookie comes from the real auth API. */
export async function signedInContext(browser: Browser, email: string, base = baseUrl()): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN', acceptDownloads: true });
  const res = await context.request.post('/api/auth/sign-in/email', {
    data: { email, password: DEMO_PASSWORD },
    headers: { Origin: base },
  });
  expect(res.status(), await res.text()).toBe(200);
  return context;
}

/**
 * Collects console errors and failed responses of a page; a test asserts the list is empty.
 * Websocket noise is expected while a socket reconnects or a read-only user is told so.
 */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    // a request the test's own setOffline cut is not the app's fault (the app defers new ones: see useRefetch)
    if (msg.type() === 'error' && !/WebSocket|Permission denied|ERR_INTERNET_DISCONNECTED/.test(msg.text())) {
      problems.push(`${msg.text()} ${msg.location().url}`);
    }
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  return problems;
}

/** Open a page and wait until React has hydrated it, so clicks reach the app. */
export async function gotoLive(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}
