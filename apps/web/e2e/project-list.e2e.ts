/**
 * The project list against the real build: search, filters, sort and page live in the URL (so
 * they survive a reload and back/forward); an editor deletes a table after confirming and an
 * admin restores it from 已删除 (a name taken meanwhile refuses the restore, in Chinese); the
 * duplicate-name refusal of 新建; the Chinese 404 page; each page's own tab title.
 */
import { type Browser, type BrowserContext, type Locator, type Page, expect, test } from '@playwright/test';
import { gotoLive, pageProblems, signedInContext } from './session';

let editor: BrowserContext;
let admin: BrowserContext;

// one sign-in per account for the file (production rate-limits sign-ins)
test.beforeAll(async ({ browser }: { browser: Browser }) => {
  editor = await signedInContext(browser, 'editor@jixiao.demo');
  admin = await signedInContext(browser, 'admin@jixiao.demo');
});
test.afterAll(async () => {
  await editor?.close();
  await admin?.close();
});

/** The number in "共 N 个项目". */
async function total(page: Page): Promise<number> {
  const text = (await page.getByTestId('project-total').textContent()) ?? '';
  return Number(/(\d+)/.exec(text)?.[1]);
}

/** The data rows of the list (antd adds a hidden measure row). */
function rows(page: Page): Locator {
  return page.locator('.project-table tbody tr.ant-table-row');
}

/** Pick an option of an antd Select by its text. */
async function choose(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}

async function search(page: Page, text: string) {
  await page.getByLabel('搜索项目').fill(text);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(text)}`));
}

test('search narrows the list; filters, sort and page survive a reload and back/forward', async () => {
  const page = await editor.newPage();
  const problems = pageProblems(page);
  await gotoLive(page, '/');
  const all = await total(page);
  expect(all).toBeGreaterThan(20); // the demo data fills more than one page of 20

  await search(page, '2021年');
  await expect.poll(() => total(page)).toBeLessThan(all);
  const found = await total(page);
  expect(found).toBeGreaterThan(0);
  await expect(rows(page)).toHaveCount(found);
  for (const name of await rows(page).locator('td:first-child').allTextContents()) expect(name).toContain('2021年');

  // nothing matches: the filtered empty state, whose button clears the filters
  await search(page, '没有这个名字的项目');
  await expect(page.getByText('没有符合条件的项目')).toBeVisible();
  await page.getByTestId('clear-filters').click();
  await expect(page).not.toHaveURL(/q=/);
  await expect(page.getByLabel('搜索项目')).toHaveValue('');
  await expect.poll(() => total(page)).toBe(all);

  // a filter, a sort and the second page
  await choose(page, '表类型', '目标表');
  await expect(page).toHaveURL(/kind=target/);
  await expect(page.getByTestId('filter-kind')).toContainText('目标表');
  await page.getByRole('columnheader', { name: '名称', exact: true }).click();
  await expect(page).toHaveURL(/sort=name/);
  await expect(page.getByRole('columnheader', { name: '名称', exact: true })).toHaveAttribute('aria-sort', 'ascending');
  const firstPageNames = await rows(page).locator('td:first-child').allTextContents();
  await page.locator('.ant-pagination-item-2').click();
  await expect(page).toHaveURL(/page=2/);
  const secondPage = Math.min(20, all - 20);
  await expect(rows(page)).toHaveCount(secondPage);
  await expect(rows(page).locator('td:first-child').first()).not.toHaveText(firstPageNames[0] ?? '');

  await page.reload();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await expect(page.locator('.ant-pagination-item-active')).toHaveText('2');
  await expect(rows(page)).toHaveCount(secondPage);
  await expect(page.getByTestId('filter-kind')).toContainText('目标表');
  await expect(page).toHaveURL(/kind=target/);
  expect(await total(page)).toBe(all);

  await page.goBack();
  await expect(page).not.toHaveURL(/page=2/);
  await expect(page.locator('.ant-pagination-item-active')).toHaveText('1');
  await expect(rows(page).locator('td:first-child')).toHaveText(firstPageNames);
  await page.goForward();
  await expect(page.locator('.ant-pagination-item-active')).toHaveText('2');
  expect(problems).toEqual([]);
  await page.close();
});

test('an editor deletes a table after confirming; an admin restores it from 已删除', async () => {
  const name = `列表测试项目${Date.now().toString(36)}`;
  const page = await editor.newPage();
  const problems = pageProblems(page);

  // 新建: a repeated name is refused in the dialog, which keeps working
  const create = async () => {
    await gotoLive(page, '/');
    await page.getByTestId('new-project').click();
    await page.getByLabel('项目名称').fill(name);
    await page.getByRole('button', { name: /创建/ }).click();
  };
  await create();
  await expect(page).toHaveURL(/\/projects\/[^/]+$/);
  await create();
  await expect(page.getByTestId('new-project-error')).toContainText(`「${name}」`);
  await expect(page.getByTestId('new-project-error')).toContainText('重复');
  await expect(page.getByLabel('项目名称')).toHaveValue(name);
  await page.getByLabel('项目名称').fill(`${name}（二）`);
  await expect(page.getByTestId('new-project-error')).toHaveCount(0);
  await page.getByRole('button', { name: /创建/ }).click();
  await expect(page).toHaveURL(/\/projects\/[^/]+$/);

  // delete, after the confirmation that says an admin can restore it
  await gotoLive(page, `/?q=${encodeURIComponent(name)}`);
  await expect(rows(page)).toHaveCount(2);
  const row = rows(page).filter({ has: page.getByRole('link', { name, exact: true }) });
  await row.getByRole('button', { name: /删\s?除/ }).click();
  const confirm = page.locator('.ant-popconfirm:visible');
  await expect(confirm).toContainText('管理员');
  await confirm.getByRole('button', { name: /删\s?除/ }).click();
  await expect(page.locator('.ant-message')).toContainText(`已删除「${name}」`);
  await expect(rows(page)).toHaveCount(1);
  await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0);
  // an editor has no 已删除 view
  await expect(page.getByTestId('archived-tab')).toHaveCount(0);
  expect(problems).toEqual([]);

  // the admin finds it under 已删除 and restores it
  const adminPage = await admin.newPage();
  const adminProblems = pageProblems(adminPage);
  await gotoLive(adminPage, `/?q=${encodeURIComponent(name)}`);
  await expect(rows(adminPage)).toHaveCount(1);
  await adminPage.getByTestId('archived-tab').click();
  await expect(adminPage).toHaveURL(/archived=1/);
  const archivedRow = rows(adminPage).filter({ hasText: name }).filter({ hasNotText: '（二）' });
  await expect(archivedRow).toHaveCount(1);
  await archivedRow.getByRole('button', { name: /恢\s?复/ }).click();
  await expect(adminPage.locator('.ant-message')).toContainText(`已恢复「${name}」`);
  await expect(rows(adminPage)).toHaveCount(0);
  await expect(adminPage.getByText('没有符合条件的项目')).toBeVisible();
  await adminPage.getByTestId('live-tab').click();
  await expect(adminPage).not.toHaveURL(/archived=1/);
  await expect(rows(adminPage)).toHaveCount(2);
  expect(adminProblems).toEqual([]);

  // deleted again, and a new table takes its name meanwhile: the restore is refused in Chinese
  await page.reload();
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await rows(page).filter({ has: page.getByRole('link', { name, exact: true }) }).getByRole('button', { name: /删\s?除/ }).click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /删\s?除/ }).click();
  await expect(rows(page)).toHaveCount(1);
  await create();
  await expect(page).toHaveURL(/\/projects\/[^/]+$/);
  await adminPage.getByTestId('archived-tab').click();
  await archivedRow.getByRole('button', { name: /恢\s?复/ }).click();
  await expect(adminPage.locator('.ant-message')).toContainText('重复');
  await expect(archivedRow).toHaveCount(1);
  await page.close();
  await adminPage.close();
});

test('an unknown address shows the Chinese 404 page with the app chrome', async () => {
  const page = await editor.newPage();
  const res = await page.goto('/no-such-page/at-all');
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('error-title')).toHaveText('404 页面不存在');
  await expect(page.getByText('No route matches')).toHaveCount(0);
  await expect(page).toHaveTitle('页面不存在 · 绩效');
  await expect(page.locator('.topbar .brand')).toBeVisible();
  // the app's styles are there: the top bar is laid out as a flex row
  expect(await page.locator('.topbar').evaluate((e) => getComputedStyle(e).display)).toBe('flex');
  await page.getByTestId('error-home').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page).toHaveTitle('项目 · 绩效');
  await page.close();
});

test('each page names itself in the tab title', async () => {
  const page = await editor.newPage();
  const project = (await (await editor.request.get('/api/projects/p_demo_000_1')).json()) as { name: string };
  await gotoLive(page, '/projects/p_demo_000_1');
  await expect(page).toHaveTitle(`${project.name} · 绩效`);
  await gotoLive(page, '/projects/p_demo_000_1/print');
  await expect(page).toHaveTitle(/ · 打印 · 绩效$/);
  await gotoLive(page, '/import');
  await expect(page).toHaveTitle('导入 · 绩效');
  await page.close();
  const adminPage = await admin.newPage();
  await gotoLive(adminPage, '/admin');
  await expect(adminPage).toHaveTitle('管理 · 绩效');
  await adminPage.close();
});
