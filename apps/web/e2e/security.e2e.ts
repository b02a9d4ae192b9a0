/**
 * The web app's defences, against the real build: headers and CSP of the pages, same-origin
 * form posts only (CSRF), unreadable form bodies, and no redirect off-site after signing in.
 */
import {
  type APIRequestContext,
  type APIResponse,
  type Browser,
  expect,
  request as playwrightRequest,
  test,
} from '@playwright/test';
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

/** The security headers of one HTML page; returns its CSP nonce. */
async function expectPageHeaders(res: APIResponse, path: string): Promise<string> {
  expect(res.status(), path).toBe(200);
  const headers = res.headers();
  const csp = headers['content-security-policy'] ?? '';
  const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
  expect(nonce, `${path}: ${csp}`).not.toBe('');
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
    expect(csp, path).toContain(directive);
  }
  expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(headers['x-content-type-options'], path).toBe('nosniff');
  expect(headers['referrer-policy'], path).toBe('same-origin');
  // every inline script Remix renders carries this response's nonce
  const scripts = (await res.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, path).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
  return nonce;
}

test('pages carry a nonce CSP and safe headers; every response is nosniff', async () => {
  const anonymous = await playwrightRequest.newContext({ baseURL: baseUrl() });
  await expectPageHeaders(await anonymous.get('/login'), '/login');
  const editor = await signedInRequest('editor@jixiao.demo');
  const first = await expectPageHeaders(await editor.get('/'), '/');
  const second = await expectPageHeaders(await editor.get('/projects/p_demo_000_1'), '/projects/p_demo_000_1');
  expect(first).not.toBe(second); // a fresh nonce per response
  for (const path of ['/favicon.svg', '/api/projects', '/healthz', '/no-such-page']) {
    const res = await anonymous.get(path);
    expect(res.headers()['x-content-type-options'], path).toBe('nosniff');
  }
  await anonymous.dispose();
  await editor.dispose();
});

test('form posts from another origin get 403, unreadable bodies 400, and change nothing', async () => {
  const editor = await signedInRequest('editor@jixiao.demo');
  const admin = await signedInRequest('admin@jixiao.demo');
  const form = { unitId: 'u_nx_ybj', name: '跨站伪造的项目', year: '2027' };
  const foreign: Record<string, string>[] = [{ Origin: EVIL }, { Origin: 'null' }, { Referer: `${EVIL}/page` }, {}];
  // document posts (no JavaScript) and single-fetch data posts, to both actions
  for (const [url, request] of [
    ['/?index', editor],
    ['/_root.data?index', editor],
    ['/admin', admin],
    ['/admin.data', admin],
  ] as const) {
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
  const list = await editor.get('/api/projects');
  expect(JSON.stringify(await list.json())).not.toContain('跨站伪造的项目');
  await editor.dispose();
  await admin.dispose();
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

test('after signing in, next= only leads to a page of this site (else to the 工作台)', async ({ browser }) => {
  for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example/', '/\t/evil.example']) {
    expect(await signInThroughPage(browser, next), next).toBe('/dashboard');
  }
  expect(await signInThroughPage(browser, '/projects/p_demo_000_1')).toBe('/projects/p_demo_000_1');
});
