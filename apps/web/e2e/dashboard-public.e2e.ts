/**
 * 工作台 and 预算公开 against the real build. An anonymous visitor reads /public without being
 * sent to the login page (empty before anything is published; a Chinese 404 for a table that is
 * not). A table then goes the whole default way through the API — the editor submits (and the
 * reviewer's 工作台 shows it as pending, with the actions and a link), the reviewer signs every
 * indicator and approves, the finance reviewer approves, the approver approves and publishes —
 * and the anonymous visitor finds it on /public and opens it in the official layout.
 * Uses p_demo_001_5, a table no other browser test touches.
 */
import { type APIRequestContext, type Browser, type BrowserContext, expect, test } from '@playwright/test';
import { baseUrl, gotoLive, pageProblems, signedInContext } from './session';

const PROJECT = 'p_demo_001_5';
let editor: BrowserContext;
let reviewer: BrowserContext;
let finance: BrowserContext;
let approver: BrowserContext;
let anonymous: BrowserContext;

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  editor = await signedInContext(browser, 'editor@jixiao.demo');
  reviewer = await signedInContext(browser, 'reviewer@jixiao.demo');
  finance = await signedInContext(browser, 'finance@jixiao.demo');
  approver = await signedInContext(browser, 'approver@jixiao.demo');
  anonymous = await browser.newContext({ baseURL: baseUrl(), locale: 'zh-CN' });
});
test.afterAll(async () => {
  for (const c of [editor, reviewer, finance, approver, anonymous]) await c?.close();
});

const json = { Origin: baseUrl(), 'content-type': 'application/json' };

/** Take a workflow action as the context's user, naming the state version it saw. */
async function act(request: APIRequestContext, action: string, extra: Record<string, unknown> = {}) {
  const state = (await (await request.get(`/api/projects/${PROJECT}/workflow`)).json()) as { version: number };
  const res = await request.post(`/api/projects/${PROJECT}/workflow/${action}`, {
    headers: json,
    data: { expectedVersion: state.version, ...extra },
  });
  expect(res.status(), `${action}: ${await res.text()}`).toBe(200);
  return (await res.json()) as { status: string; stage: { name: string } | null };
}

test('anonymous visitors read /public without a session; an unpublished table is a Chinese 404', async () => {
  const page = await anonymous.newPage();
  const res = await page.goto('/public');
  expect(res?.status()).toBe(200);
  await expect(page).toHaveURL(/\/public$/);
  await expect(page).toHaveTitle('预算绩效信息公开 · 绩效');
  await expect(page.getByText('工作人员登录')).toBeVisible();
  const published = (await (await anonymous.request.get('/api/public/tables')).json()) as unknown[];
  if (published.length === 0) {
    await expect(page.getByTestId('public-empty')).toContainText('暂无已公开的预算绩效目标表');
  }
  // a filter that matches nothing has its own empty state
  await page.goto('/public?unit=没有这个单位');
  await expect(page.getByTestId('public-empty')).toContainText('没有符合条件的公开表');

  const missing = await page.goto(`/public/${PROJECT}`);
  expect(missing?.status()).toBe(404);
  await expect(page.getByTestId('error-title')).toHaveText('404 未找到公开的绩效目标表');
  await expect(page.getByRole('link', { name: '返回公开目录' })).toHaveAttribute('href', '/public');
  // the signed-in pages still send anonymous visitors to the login page
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard/);
  await page.close();
});

test('a submitted table waits on the reviewer’s 工作台; once approved and published it is public', async () => {
  const project = (await (await editor.request.get(`/api/projects/${PROJECT}`)).json()) as { name: string };
  expect((await act(editor.request, 'submit')).stage?.name).toBe('主管部门审核');

  // the reviewer's dashboard: pending, with the actions and a link to the table
  const page = await reviewer.newPage();
  const problems = pageProblems(page);
  await gotoLive(page, '/dashboard');
  await expect(page).toHaveTitle('工作台 · 绩效');
  const row = page.getByTestId('pending').locator('tr.ant-table-row').filter({ hasText: project.name });
  await expect(row).toBeVisible();
  await expect(row).toContainText('主管部门审核');
  await expect(row).toContainText('审核通过');
  await expect(row).toContainText('退回');
  await expect(row.getByRole('link', { name: project.name })).toHaveAttribute('href', `/projects/${PROJECT}`);
  // the chart of tables by stage draws (ECharts, in the browser only)
  await expect(page.getByTestId('stage-chart')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('stage-chart').locator('canvas')).toHaveCount(1);
  expect(problems).toEqual([]);

  // the rest of the default way: sign every indicator, approve, approve, approve, publish
  const table = (await (await reviewer.request.get(`/api/projects/${PROJECT}/table`)).json()) as { indicators: { id: string }[] };
  expect(table.indicators.length).toBeGreaterThan(0);
  for (const indicator of table.indicators) {
    const res = await reviewer.request.post(`/api/projects/${PROJECT}/signoffs`, {
      headers: json,
      data: { target: { kind: 'indicator', indicatorId: indicator.id } },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  expect((await act(reviewer.request, 'approve')).stage?.name).toBe('财政审核');
  expect((await act(finance.request, 'approve')).stage?.name).toBe('批复');
  expect((await act(approver.request, 'approve')).status).toBe('approved');
  expect((await act(approver.request, 'publish')).status).toBe('published');

  // gone from the reviewer's pending list
  await gotoLive(page, '/dashboard');
  await expect(page.getByTestId('pending').locator('tr.ant-table-row').filter({ hasText: project.name })).toHaveCount(0);
  await page.close();

  // the anonymous visitor finds it by year and opens it without signing in
  const pub = await anonymous.newPage();
  const pubProblems = pageProblems(pub);
  await gotoLive(pub, '/public');
  await expect(pub.getByTestId('public-empty')).toHaveCount(0);
  await pub.locator('.ant-select-selector').filter({ has: pub.getByRole('combobox', { name: '公开年度' }) }).click();
  await pub.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '2021 年度' }).click();
  await expect(pub).toHaveURL(/[?&]year=2021/);
  const link = pub.getByTestId('public-link').filter({ hasText: project.name });
  await expect(link).toBeVisible();
  await link.click();
  await expect(pub).toHaveURL(new RegExp(`/public/${PROJECT}$`));
  await expect(pub.getByTestId('print-sheet')).toBeVisible();
  await expect(pub.getByTestId('print-indicators').locator('tbody tr')).toHaveCount(table.indicators.length);
  await expect(pub.getByTestId('published-at')).toContainText(/公开时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await expect(pub.getByTestId('print-button')).toBeVisible();
  await expect(pub).toHaveTitle(`${project.name} · 预算绩效信息公开`);
  expect(pubProblems).toEqual([]);
  await pub.close();
});
