/**
 * The approval workflow in the browser, one person per browser context, on a fresh table (the
 * first table of seed 001, imported for this test so no other test's comments or sign-offs are
 * on it): the editor submits (his page turns read-only without a reload), the 主管部门 reviewer
 * returns it with a reason (the editor's page turns editable again and shows the reason, and the
 * bell says so), the editor fixes an indicator and resubmits, the reviewer's diff shows exactly
 * that change since the return; he signs every indicator off and approves, the finance reviewer
 * approves, the approver approves (批复) and publishes, and anyone can read the published table.
 */
import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { baseUrl, gotoLive, pageProblems, signedInContext } from './session';

const SEED_001 = readFileSync(new URL('../../../packages/table/fixtures/seeds/001_0c2e672837a57fc8.txt', import.meta.url), 'utf8');
const UNIT = 'u_nx_ybj';

const problems: string[][] = [];
const contexts: BrowserContext[] = [];
async function signedIn(browser: Browser, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await signedInContext(browser, email);
  contexts.push(context);
  const page = await context.newPage();
  problems.push(pageProblems(page));
  return { context, page };
}

test.afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
  expect(problems.flat()).toEqual([]);
  problems.length = 0;
});

/** Import the first table of seed 001 as a new project of the editor's unit, under a new name. */
async function freshTable(context: BrowserContext): Promise<{ id: string; name: string }> {
  const headers = { Origin: baseUrl() };
  const preview = await context.request.post('/api/import/preview', { data: { text: SEED_001 }, headers });
  expect(preview.status(), await preview.text()).toBe(200);
  const { tables } = (await preview.json()) as {
    tables: Array<{ header: Record<string, string>; moneyUnit: string; goal: string; indicators: Array<{ level1: string; level2: string; name: string; value: string }> }>;
  };
  const t = tables[0]!;
  // its own name: the demo data already holds this table
  const table = {
    header: { ...t.header, projectName: `${t.header.projectName}（流程测试 ${Date.now().toString(36)}）`, moneyUnit: t.moneyUnit },
    goal: t.goal,
    indicators: t.indicators.map(({ level1, level2, name, value }) => ({ level1, level2, name, value })),
  };
  const res = await context.request.post('/api/import/projects', { data: { unitId: UNIT, year: 2021, tables: [table] }, headers });
  expect(res.status(), await res.text()).toBe(201);
  const [created] = (await res.json()) as Array<{ id: string; name: string }>;
  return created!;
}

async function openTable(page: Page, id: string) {
  await gotoLive(page, `/projects/${id}`);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('review-events')).toHaveAttribute('data-state', 'open');
  // marks this document: a reload would lose it
  await page.evaluate(() => {
    (window as unknown as { __sameDocument?: boolean }).__sameDocument = true;
  });
}

const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

/** Take a workflow action from the bar and confirm it. */
async function act(page: Page, action: 'submit' | 'approve' | 'publish' | 'withdraw') {
  await page.getByTestId(`workflow-${action}`).click();
  // the dialog is ready once antd has focused its OK button (after its open effects ran)
  const ok = page.getByTestId('workflow-confirm');
  await expect(ok).toBeFocused();
  await ok.click();
  await expect(page.locator('.ant-modal-confirm')).toHaveCount(0).catch(async (e) => {
    await page.screenshot({ path: test.info().outputPath(`confirm-${action}.png`) });
    throw e;
  });
}

test('submit, return with a reason, fix and resubmit, diff, sign-offs, approvals and publication', async ({ browser }) => {
  test.setTimeout(120_000);
  const editor = await signedIn(browser, 'editor@jixiao.demo');
  const project = await freshTable(editor.context);
  const reviewer = await signedIn(browser, 'reviewer@jixiao.demo');
  await openTable(editor.page, project.id);
  await openTable(reviewer.page, project.id);

  const bar = (page: Page) => page.getByTestId('workflow-bar');
  // a read-only grid shows its cells as text, an editable one as fields
  const editable = (page: Page) =>
    expect.poll(() =>
      page
        .locator('tr[data-row-id]')
        .first()
        .getByTestId('cell-value')
        .evaluate((el) => (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && !el.readOnly),
    );
  await expect(bar(editor.page)).toHaveAttribute('data-status', 'draft');
  await expect(bar(editor.page).locator('.ant-steps-item-process')).toContainText('单位填报');
  await editable(editor.page).toBe(true);
  // the reviewer has nothing to do yet, and may not edit a table in 填报
  await expect(reviewer.page.getByTestId('workflow-approve')).toHaveCount(0);

  // 1. the editor submits: his page turns read-only at once, with the banner
  await act(editor.page, 'submit');
  for (const page of [editor.page, reviewer.page]) {
    await expect(bar(page)).toHaveAttribute('data-status', 'review');
    await expect(bar(page)).toHaveAttribute('data-stage', 'department');
    await expect(page.getByTestId('workflow-banner')).toContainText('此表已提交，当前环节：主管部门审核（只读）');
  }
  await expect(editor.page.getByTestId('read-only')).toBeVisible();
  await editable(editor.page).toBe(false);
  await expect(editor.page.getByTestId('workflow-withdraw')).toBeVisible();

  // 2. the reviewer returns it with a reason; the editor's page turns editable and shows why
  const reason = '数量指标的目标值偏低，请按年度采购计划修改';
  await reviewer.page.getByTestId('workflow-return').click();
  await reviewer.page.getByTestId('return-confirm').click();
  await expect(reviewer.page.locator('.return-dialog .ant-form-item-explain-error')).toHaveText('请填写退回原因');
  await reviewer.page.getByTestId('return-reason-input').fill(reason);
  await reviewer.page.getByTestId('return-confirm').click();
  await expect(bar(reviewer.page)).toHaveAttribute('data-status', 'draft');

  await expect(bar(editor.page)).toHaveAttribute('data-status', 'draft');
  await expect(editor.page.getByTestId('workflow-banner')).toHaveAttribute('data-kind', 'returned');
  await expect(editor.page.getByTestId('return-reason')).toHaveText(reason);
  await expect(editor.page.getByTestId('workflow-banner')).toContainText('请修改后重新提交');
  await expect(editor.page.getByTestId('read-only')).toHaveCount(0);
  await editable(editor.page).toBe(true);
  expect(await sameDocument(editor.page)).toBe(true);
  // and the bell tells him who returned it, where to and why
  await expect(editor.page.getByTestId('bell')).not.toHaveAttribute('data-unread', '0');
  await editor.page.getByTestId('bell').click();
  await expect(editor.page.getByTestId('notification').first()).toContainText(`王审核 将《${project.name}》退回至“单位填报”：${reason}`);
  await editor.page.keyboard.press('Escape');

  // 3. the editor fixes one indicator (typed through the live document) and resubmits
  const row = editor.page.locator('tr[data-level2="数量指标"][data-row-id]').first();
  const rowId = (await row.getAttribute('data-row-id'))!;
  const value = row.getByTestId('cell-value');
  const before = await value.inputValue();
  await value.click();
  await value.press('End');
  await value.pressSequentially('（按采购计划调增）');
  await expect(editor.page.getByTestId('saved-state')).toHaveAttribute('data-saved', 'yes');
  await act(editor.page, 'submit');
  await expect(bar(editor.page)).toHaveAttribute('data-status', 'review');
  await editable(editor.page).toBe(false);

  // 4. the reviewer's diff shows exactly that change since the return
  await expect(bar(reviewer.page)).toHaveAttribute('data-status', 'review');
  expect(await sameDocument(reviewer.page)).toBe(true);
  await reviewer.page.getByTestId('open-history').click();
  const history = reviewer.page.getByTestId('history');
  await expect(history.getByTestId('version')).toHaveCount(3);
  await expect(history.getByTestId('version').nth(1)).toContainText(reason);
  await expect(history).toContainText('内容对比：自上次提交以来的修改');
  const diff = history.getByTestId('diff-view');
  await expect(diff.getByTestId('diff-changed-field')).toHaveCount(1);
  await expect(diff.getByTestId('diff-changed-field')).toHaveAttribute('data-row-id', rowId);
  await expect(diff.getByTestId('diff-changed-field')).toHaveAttribute('data-field', 'value');
  await expect(diff.locator('ins.wf-ins')).toHaveText('（按采购计划调增）');
  await expect(diff.locator('del.wf-del')).toHaveCount(0);
  for (const part of ['diff-added', 'diff-removed', 'diff-moved', 'diff-header', 'diff-goal']) await expect(diff.getByTestId(part)).toHaveCount(0);
  expect(before.length).toBeGreaterThan(0);
  await reviewer.page.locator('.history-drawer .ant-drawer-close').click();

  // 5. 主管部门审核 needs every indicator signed: one through the row's 签署, the others through the API
  const approveTooEarly = await reviewer.page.request.post(`/api/projects/${project.id}/workflow/approve`, {
    data: { expectedVersion: Number(await bar(reviewer.page).getAttribute('data-version')) },
    headers: { Origin: baseUrl() },
    failOnStatusCode: false,
  });
  expect(approveTooEarly.status()).toBe(409);
  expect(((await approveTooEarly.json()) as { error: { code: string } }).error.code).toBe('WORKFLOW_SIGNOFF_REQUIRED');
  await reviewer.page.locator(`tr[data-row-id="${rowId}"]`).getByTestId('sign-row').click();
  await expect(reviewer.page.locator(`tr[data-row-id="${rowId}"]`).getByTestId('signoff-badge')).toHaveAttribute('data-state', 'signed');
  const table = (await (await reviewer.page.request.get(`/api/projects/${project.id}/table`)).json()) as { indicators: Array<{ id: string }> };
  for (const r of table.indicators) {
    if (r.id === rowId) continue;
    const res = await reviewer.page.request.post(`/api/projects/${project.id}/signoffs`, {
      data: { target: { kind: 'indicator', indicatorId: r.id } },
      headers: { Origin: baseUrl() },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  await expect(reviewer.page.getByTestId('summary-table')).toHaveAttribute('data-missing', '0');
  await act(reviewer.page, 'approve');
  await expect(bar(reviewer.page)).toHaveAttribute('data-stage', 'finance');
  await expect(bar(editor.page)).toHaveAttribute('data-stage', 'finance');

  // 6. the finance reviewer approves
  const finance = await signedIn(browser, 'finance@jixiao.demo');
  await openTable(finance.page, project.id);
  await expect(finance.page.getByTestId('workflow-banner')).toContainText('当前环节：财政审核');
  await act(finance.page, 'approve');
  await expect(bar(finance.page)).toHaveAttribute('data-stage', 'approval');

  // 7. the approver approves (批复) and publishes
  const approver = await signedIn(browser, 'approver@jixiao.demo');
  await openTable(approver.page, project.id);
  await act(approver.page, 'approve');
  await expect(bar(approver.page)).toHaveAttribute('data-status', 'approved');
  await expect(approver.page.getByTestId('workflow-banner')).toHaveAttribute('data-kind', 'approved');
  await act(approver.page, 'publish');
  await expect(bar(approver.page)).toHaveAttribute('data-status', 'published');
  for (const page of [editor.page, reviewer.page]) {
    await expect(bar(page)).toHaveAttribute('data-status', 'published');
    await expect(page.getByTestId('workflow-banner')).toContainText('此表已公开（只读）');
    expect(await sameDocument(page)).toBe(true);
  }
  await editable(editor.page).toBe(false);

  // 8. anyone may read the published table, as approved
  const anonymous = await browser.newContext({ baseURL: baseUrl(), locale: 'zh-CN' });
  contexts.push(anonymous);
  const api = await anonymous.request.get(`/api/public/tables/${project.id}`);
  expect(api.status()).toBe(200);
  const published = (await api.json()) as { name: string; table: { indicators: Array<{ id: string; value: string }> } };
  expect(published.name).toBe(project.name);
  expect(published.table.indicators.find((r) => r.id === rowId)?.value).toBe(`${before}（按采购计划调增）`);
  const page = await anonymous.newPage();
  problems.push(pageProblems(page));
  const res = await page.goto(`/public/${project.id}`);
  expect(res?.status()).toBe(200);
  await expect(page.locator('body')).toContainText(project.name);
  await expect(page.locator('body')).toContainText(`${before}（按采购计划调增）`);
});
