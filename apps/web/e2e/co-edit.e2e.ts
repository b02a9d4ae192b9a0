import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { DEMO_PASSWORD, baseUrl, gotoLive, pageProblems, signedInContext } from './session';

const PROJECT = 'p_demo_000_1';

/** A signed-in page whose console errors fail the test that opened it (see afterEach). */
const problems: string[][] = [];
async function signedIn(browser: Browser, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await signedInContext(browser, email);
  const page = await context.newPage();
  problems.push(pageProblems(page));
  return { context, page };
}

test.afterEach(() => {
  expect(problems.flat()).toEqual([]);
  problems.length = 0;
});

async function openTable(page: Page) {
  await page.goto(`/projects/${PROJECT}`);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('indicator-grid')).toBeVisible();
}

test('the sign-in page signs a demo user in and lists their projects', async ({ page }) => {
  await gotoLive(page, `${baseUrl()}/`);
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('邮箱').fill('editor@jixiao.demo');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登 录' }).or(page.getByRole('button', { name: '登录' })).click();
  await expect(page.getByText('邮箱或密码错误')).toBeVisible();
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登 录' }).or(page.getByRole('button', { name: '登录' })).click();
  await expect(page.getByTestId('current-user')).toHaveText('张填报');
  await expect(page.getByRole('link', { name: '自治区医疗保障局专项业务费' })).toBeVisible();
});

test('two editors co-edit one table and see each other and their edits', async ({ browser }) => {
  const a = await signedIn(browser, 'editor@jixiao.demo');
  const b = await signedIn(browser, 'editor2@jixiao.demo');
  await openTable(a.page);
  await openTable(b.page);

  // presence: each sees the other
  await expect(a.page.getByTestId('peer').filter({ hasText: '协同' })).toBeVisible();
  await expect(b.page.getByTestId('peer').filter({ hasText: '填报' })).toBeVisible();

  // A types at the end of the goal text; B sees it
  const goalA = a.page.getByTestId('goal');
  await goalA.click();
  await goalA.press('End');
  await goalA.pressSequentially('（甲方补充）');
  await expect(b.page.getByTestId('goal')).toHaveValue(/（甲方补充）$/);
  // B sees where A is editing
  await expect(b.page.getByTestId('peer-outline')).toHaveCount(1);

  // B edits the first indicator value; A sees it
  const valueB = b.page.getByTestId('cell-value').first();
  await valueB.click();
  await valueB.fill('12套');
  await expect(a.page.getByTestId('cell-value').first()).toHaveValue('12套');

  // B adds a row to 质量指标 and names it; A sees the new row
  const before = await a.page.getByTestId('cell-name').count();
  await b.page.getByRole('button', { name: '在质量指标添加指标' }).first().click();
  await expect(a.page.getByTestId('cell-name')).toHaveCount(before + 1);

  await a.context.close();
  await b.context.close();
});

test('a reviewer opens the table read-only and cannot change it', async ({ browser }) => {
  const r = await signedIn(browser, 'reviewer@jixiao.demo');
  await openTable(r.page);
  await expect(r.page.getByTestId('read-only')).toBeVisible();
  await expect(r.page.getByTestId('add-row')).toHaveCount(0);
  const goal = r.page.getByTestId('goal');
  const original = await goal.inputValue();
  await expect(goal).toHaveAttribute('readonly', '');
  await goal.click();
  await r.page.keyboard.type('不应保存');
  await expect(goal).toHaveValue(original);
  await r.page.reload();
  await expect(r.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  await expect(r.page.getByTestId('goal')).toHaveValue(original);
  await r.context.close();
});
