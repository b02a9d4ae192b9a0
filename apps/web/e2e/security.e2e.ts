/**
 * The web app's defences, against the real build: headers and CSP of the pages, same-origin
 * form posts only (CSRF), unreadable form bodies, and no redirect off-site after signing in.
 */
import { type APIRequestContext, type Browser, expect, request as playwrightRequest, test } from '@playwright/test';
import { DEMO_PASSWORD, baseUrl, gotoLive, pageProblems, signedInContext } from './session';

const EVIL = 'https://evil.example';

/** A signed-in API client (no browser): lets a test send the requests a foreign page could. */
async function signedInRequest(email: string): Promise<APIRequestContext> {
  const request = await playwrightRequest.newContext({ baseURL: baseUrl() });
  const res = await request.post('/api/auth/sign-in/email', {
    data: { email, password: DEMO_PASSWORD },
    headers: { Origin: baseUrl() },
  });
  expect(res.status()).toBe(200);
  return request;
}

test('pages carry a nonce CSP and safe headers; every inline script has the nonce', async ({ browser }) => {
  const context = await signedInContext(browser, 'editor@jixiao.demo');
  for (const path of ['/login', '/', '/projects/p_demo_000_1']) {
    const res = await context.request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(path === '/login' ? 302 : 200);
    if (path === '/login') continue; // signed in: /login redirects; checked signed out below
    const headers = res.headers();
    const csp = headers['content-security-policy'] ?? '';
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, csp).toBeTruthy();
    const host = new URL(baseUrl()).host;
    for (const directive of [
      "default-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      `connect-src 'self' ws://${host} wss://${host}`,
      "img-src 'self' data:",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
    const html = await res.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  }
  // a fresh nonce per response
  const nonces = new Set<string>();
  for (let i = 0; i < 2; i++) {
    const res = await context.request.get('/');
    nonces.add(/'nonce-([^']+)'/.exec(res.headers()['content-security-policy'] ?? '')?.[1] ?? '');
  }
  expect(nonces.size).toBe(2);
  // the signed-out sign-in page, assets and the JSON API
  for (const path of ['/login', '/favicon.svg', '/api/projects', '/healthz']) {
    const res = await browser.newContext().then((c) => c.request.get(`${baseUrl()}${path}`));
    expect(res.headers()['x-content-type-options'], path).toBe('nosniff');
  }
  await context.close();
});

test('form posts from another origin get 403, unreadable bodies 400, and change nothing', async () => {
  const request = await signedInRequest('admin@jixiao.demo');
  const form = { unitId: 'u_nx_ybj', name: '跨站伪造的项目', year: '2027' };
  const foreign: Record<string, string>[] = [{ Origin: EVIL }, { Origin: 'null' }, { Referer: `${EVIL}/page` }, {}];
  // document posts (no JavaScript) and single-fetch data posts, to both actions
  for (const url of ['/?index', '/_root.data?index', '/admin', '/admin.data']) {
    for (const headers of foreign) {
      const res = await request.post(url, { form, headers });
      expect([url, headers, res.status()]).toEqual([url, headers, 403]);
      expect(await res.text()).toContain('请求来源不受信任');
    }
    const garbage = await request.post(url, {
      headers: { Origin: baseUrl(), 'Content-Type': 'multipart/form-data; boundary=x' },
      data: '\u0000\u00ff not a form',
    });
    expect([url, garbage.status()]).toEqual([url, 400]);
    const json = await request.post(url, { headers: { Origin: baseUrl() }, data: { name: 'x' } });
    expect([url, json.status()]).toEqual([url, 400]);
    // a file where a text field belongs is just an empty field
    const file = await request.post(url, {
      headers: { Origin: baseUrl() },
      multipart: { intent: 'unit', oversees: { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('a') } },
    });
    expect([url, file.status()]).toEqual([url, 200]);
  }
  const list = await request.get('/api/projects');
  expect(JSON.stringify(await list.json())).not.toContain('跨站伪造的项目');
  await request.dispose();
});

test('an editor creates a project through the page form (same origin, CSP on)', async ({ browser }) => {
  const context = await signedInContext(browser, 'editor@jixiao.demo');
  const page = await context.newPage();
  const problems = pageProblems(page);
  const csp: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
  });
  await gotoLive(page, '/');
  await page.getByTestId('new-project').click();
  await page.getByLabel('项目名称').fill('安全测试新建项目');
  await page.getByRole('button', { name: /创建/ }).click();
  await expect(page).toHaveURL(/\/projects\/[^/]+$/);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  expect(csp).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
});

async function signInThroughPage(browser: Browser, next: string): Promise<string> {
  const context = await browser.newContext({ baseURL: baseUrl(), locale: 'zh-CN' });
  const page = await context.newPage();
  // anything leaving the test server is recorded and dropped
  const offsite: string[] = [];
  await page.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => {
    offsite.push(route.request().url());
    return route.abort();
  });
  await gotoLive(page, `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('邮箱').fill('editor@jixiao.demo');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s?录/ }).click();
  await expect(page.getByTestId('current-user')).toHaveText('张填报');
  expect(offsite).toEqual([]);
  const url = new URL(page.url());
  await context.close();
  return url.pathname;
}

test('after signing in, next= only leads to a page of this site', async ({ browser }) => {
  for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example/', '/\t/evil.example']) {
    expect(await signInThroughPage(browser, next), next).toBe('/');
  }
  expect(await signInThroughPage(browser, '/projects/p_demo_000_1')).toBe('/projects/p_demo_000_1');
});
