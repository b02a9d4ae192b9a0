/**
 * The admin pages of the approval workflow against the real build: 审批流程 — the built-in
 * default is listed read-only; a definition the server refuses shows core's Chinese message
 * beside the form (too few stages, a first stage nobody may edit after a move), a good one is
 * listed, and 停用 removes it. 审计日志 — the new definition is a record, the action filter
 * narrows the table, 导出 CSV downloads text/csv with the same filter; non-admins get 403.
 * The definition is for a year no table has (2099), so no other test's tables follow it.
 */
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { gotoLive, pageProblems, signedInContext } from './session';

let admin: BrowserContext;
const NAME = `测试审批流程-${Date.now().toString(36)}`;

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  admin = await signedInContext(browser, 'admin@jixiao.demo');
});
test.afterAll(async () => {
  await admin?.close();
});

/** Pick an option of an antd Select (by its aria-label) by the option's text. */
async function choose(page: Page, label: string, option: string) {
  // the select's box, not its (covered) search input
  await page.locator('.ant-select-selector').filter({ has: page.getByRole('combobox', { name: label, exact: true }) }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

test('an admin is told why a bad definition is refused, then saves a good one and sees it listed', async () => {
  const page = await admin.newPage();
  const problems = pageProblems(page);
  await gotoLive(page, '/admin/workflows');
  await expect(page).toHaveTitle('审批流程 · 管理 · 绩效');
  await expect(page.getByRole('link', { name: '流程', exact: true })).toHaveAttribute('aria-current', 'page');
  const list = page.getByTestId('workflow-list');
  await expect(list.getByText('默认审批流程')).toBeVisible();
  await expect(list.getByText('内置 · 只读')).toBeVisible();

  // the default opens read-only: nothing to type into, no save
  await page.getByRole('button', { name: /查看/ }).click();
  const drawer = page.locator('.ant-drawer-content');
  await expect(drawer.getByText('内置的默认流程不能修改')).toBeVisible();
  await expect(drawer.getByLabel('第 1 环节名称')).toBeDisabled();
  await expect(drawer.getByTestId('save-workflow')).toHaveCount(0);
  await drawer.getByRole('button', { name: /以此为模板新建/ }).click();

  // a copy of the default: four stages, editable
  await expect(drawer.getByLabel('第 4 环节名称')).toHaveValue('批复');
  await drawer.getByLabel('流程名称').fill(NAME);
  await drawer.getByLabel('年度').fill('2099');

  // one stage only: refused with core's message, shown beside the form
  for (let left = 4; left > 1; left--) await drawer.getByRole('button', { name: '删除第 2 环节' }).click();
  await expect(drawer.locator('tr.stage-row')).toHaveCount(1);
  await drawer.getByTestId('save-workflow').click();
  await expect(drawer.getByTestId('workflow-error')).toHaveText('流程至少需要两个环节（填报和审批）');

  // a second stage moved to the front: the first stage is then locked, which core refuses
  await drawer.getByRole('button', { name: /添加环节/ }).click();
  await drawer.getByLabel('第 2 环节名称').fill('财政批复');
  await choose(page, '第 2 环节办理人', '财政部门 · 审批人');
  await drawer.getByRole('button', { name: '上移第 2 环节' }).click();
  await expect(drawer.getByLabel('第 1 环节名称')).toHaveValue('财政批复');
  await drawer.getByTestId('save-workflow').click();
  await expect(drawer.getByTestId('workflow-error')).toContainText('必须有可编辑的人员');

  // back in order, with a return to the first stage and a sign-off requirement: saved
  await drawer.getByRole('button', { name: '下移第 1 环节' }).click();
  await choose(page, '第 2 环节可退回至', '单位填报');
  await drawer.getByRole('switch', { name: '第 2 环节须全部签署' }).click();
  await drawer.getByTestId('save-workflow').click();
  await expect(page.locator('.ant-drawer-content')).toHaveCount(0);
  const row = list.locator('tr').filter({ hasText: NAME });
  await expect(row).toBeVisible();
  await expect(row).toContainText('宁夏回族自治区医疗保障局');
  await expect(row).toContainText('2099');
  await expect(row).toContainText('单位填报');
  await expect(row).toContainText('财政批复');
  await expect(row).toContainText('第 1 版');

  const saved = ((await (await admin.request.get('/api/workflows')).json()) as { name: string; stages: { name: string; actor: unknown; requireSignoff: boolean; returnTo: string[] }[] }[]).find(
    (d) => d.name === NAME,
  );
  expect(saved?.stages.map((s) => s.name)).toEqual(['单位填报', '财政批复']);
  expect(saved?.stages[1]).toMatchObject({ actor: { role: 'approver', at: 'finance' }, requireSignoff: true, returnTo: ['fill'] });

  // editing adds a version
  await row.getByRole('button', { name: `编辑：${NAME}` }).click();
  await expect(page.locator('.ant-drawer-content').getByText('保存后生成第 2 版')).toBeVisible();
  await page.locator('.ant-drawer-content').getByLabel('第 2 环节名称').fill('财政批复（终审）');
  await page.locator('.ant-drawer-content').getByTestId('save-workflow').click();
  await expect(page.locator('.ant-drawer-content')).toHaveCount(0);
  await expect(row).toContainText('第 2 版');
  await expect(row).toContainText('财政批复（终审）');
  expect(problems).toEqual([]);
  await page.close();
});

test('the audit log lists the new definition, filters by action, and exports the filter as CSV', async () => {
  const page = await admin.newPage();
  const problems = pageProblems(page);
  await gotoLive(page, '/admin/audit');
  await expect(page).toHaveTitle('审计日志 · 管理 · 绩效');
  const table = page.getByTestId('audit-table');
  await expect(table.locator('tr.ant-table-row').first()).toBeVisible();

  // a long list: typed to find the option (the list is virtual)
  await page.getByRole('combobox', { name: '操作类型' }).fill('新建审批');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '新建审批流程' }).click();
  await page.getByTestId('audit-search').click();
  await expect(page).toHaveURL(/[?&]action=workflow\.define/);
  const rows = table.locator('tr.ant-table-row');
  await expect(rows.first()).toContainText('新建审批流程');
  await expect(rows.first()).toContainText('孙管理');
  for (const text of await rows.locator('td:nth-child(4)').allTextContents()) expect(text).toBe('新建审批流程');

  // details fold out: the stored definition
  await rows.first().locator('.ant-table-row-expand-icon').click();
  await expect(table.locator('tr.ant-table-expanded-row').first()).toContainText(NAME);

  // 导出 CSV: a plain link carrying the filter, answered as text/csv
  const csv = page.getByTestId('audit-csv');
  await expect(csv).toHaveAttribute('href', '/api/audit.csv?action=workflow.define');
  const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
  const body = await (await download.createReadStream()).toArray();
  const text = Buffer.concat(body).toString('utf8');
  expect(text.startsWith('\uFEFF时间,操作人,操作')).toBe(true);
  expect(text).toContain('新建审批流程');
  expect(text).not.toContain('提交审核');
  const res = await admin.request.get('/api/audit.csv?action=workflow.define');
  expect(res.headers()['content-type']).toMatch(/^text\/csv/);

  // 停用 on the workflow page: gone from the list, audited
  await gotoLive(page, '/admin/workflows');
  const row = page.getByTestId('workflow-list').locator('tr').filter({ hasText: NAME });
  await row.getByRole('button', { name: /停用/ }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /^停\s?用$/ }).click();
  await expect(row).toHaveCount(0);
  await gotoLive(page, '/admin/audit?action=workflow.archive');
  await expect(page.getByTestId('audit-table').locator('tr.ant-table-row').first()).toContainText('停用审批流程');
  expect(problems).toEqual([]);
  await page.close();
});

test('the admin pages are for admins only', async ({ browser }) => {
  const editor = await signedInContext(browser, 'editor@jixiao.demo');
  const page = await editor.newPage();
  for (const path of ['/admin/workflows', '/admin/audit']) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByTestId('error-title')).toHaveText('403 没有权限');
  }
  // and the top bar offers them to admins only
  await gotoLive(page, '/dashboard');
  await expect(page.locator('.topbar').getByRole('link', { name: '工作台' })).toBeVisible();
  await expect(page.locator('.topbar').getByRole('link', { name: '审计' })).toHaveCount(0);
  await editor.close();
});
