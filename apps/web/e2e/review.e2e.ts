/**
 * The review loop in the browser, two people at once: a finance-bureau reviewer (overseeing the
 * table's unit) comments on an indicator, the editor sees it without reloading and answers with
 * an @mention, the reviewer is notified; the reviewer signs the indicator off, the editor
 * changes it, and both see the sign-off go stale live. A comment's markup stays text.
 */
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { baseUrl, pageProblems, signedInContext } from './session';

const PROJECT = 'p_demo_000_1';

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
  await expect(page.getByTestId('review-events')).toHaveAttribute('data-state', 'open');
}

/** A row no test has commented on or signed yet: the last one of 数量指标. */
async function pickRow(page: Page): Promise<string> {
  const id = await page.locator('tr[data-level2="数量指标"][data-row-id]').last().getAttribute('data-row-id');
  expect(id).toBeTruthy();
  return id!;
}

test('comment, live reply with @mention, notification; sign-off goes stale for both on an edit', async ({ browser }) => {
  const reviewer = await signedIn(browser, 'finance@jixiao.demo');
  const editor = await signedIn(browser, 'editor@jixiao.demo');
  // earlier tests may have left the reviewer notices (workflow steps): the count starts at 0
  const read = await reviewer.context.request.post('/api/notifications/read', { data: {}, headers: { Origin: baseUrl() } });
  expect(read.status()).toBe(200);
  await openTable(reviewer.page);
  await openTable(editor.page);
  const rowId = await pickRow(reviewer.page);
  const rowOf = (page: Page) => page.locator(`tr[data-row-id="${rowId}"]`);

  // the reviewer (read-only on the table) comments on the indicator from its row
  const body = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> 请核实该指标值的依据';
  await rowOf(reviewer.page).getByTestId('comment-mark').click();
  const box = reviewer.page.getByTestId('new-comment');
  await box.locator('textarea').fill(body);
  await box.getByTestId('comment-submit').click();
  await expect(reviewer.page.getByTestId('thread')).toHaveCount(1);

  // the editor sees it without reloading: the row's mark, then the thread, its body as text
  await expect(rowOf(editor.page).getByTestId('comment-mark')).toHaveAttribute('data-open', '1');
  await rowOf(editor.page).getByTestId('comment-mark').click();
  const thread = editor.page.getByTestId('thread').first();
  await expect(thread.getByTestId('comment-body').first()).toHaveText(body);
  await expect(thread.locator('img, script')).toHaveCount(0);
  expect(await editor.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  // the editor replies, mentioning the reviewer through the @ picker
  await thread.getByTestId('reply').click();
  const reply = thread.getByTestId('reply-box').locator('textarea');
  await reply.pressSequentially('已补充依据，请 @');
  await editor.page.locator('.ant-mentions-dropdown-menu-item').filter({ hasText: '陈财审' }).click();
  await reply.pressSequentially('复核');
  await thread.getByTestId('reply-box').getByTestId('comment-submit').click();
  await expect(thread.getByTestId('comment')).toHaveCount(2);

  // the reviewer sees the reply live and gets the notification
  await expect(reviewer.page.getByTestId('thread').first().getByTestId('comment')).toHaveCount(2);
  await expect(reviewer.page.getByTestId('bell')).toHaveAttribute('data-unread', '1');
  // the drawer covers the top bar's right end: closed first, as a user would
  await reviewer.page.locator('.review-drawer .ant-drawer-close').click();
  await reviewer.page.getByTestId('bell').click();
  const note = reviewer.page.getByTestId('notification').first();
  await expect(note).toContainText('张填报');
  await expect(note).toHaveAttribute('data-unread', 'true');
  await note.click();
  await expect(reviewer.page).toHaveURL(/\?thread=/);
  await expect(reviewer.page.getByTestId('bell')).toHaveAttribute('data-unread', '0');
  // the link opens the thread in the drawer again
  await expect(reviewer.page.locator('.review-drawer .ant-drawer-content-wrapper')).toBeVisible();
  await expect(reviewer.page.getByTestId('thread').first().getByTestId('comment')).toHaveCount(2);

  // the reviewer signs the indicator off (the drawer is closed first: it covers the column)
  await reviewer.page.locator('.review-drawer .ant-drawer-close').click();
  await editor.page.locator('.review-drawer .ant-drawer-close').click();
  await rowOf(reviewer.page).getByTestId('sign-row').click();
  await expect(rowOf(reviewer.page).getByTestId('signoff-badge')).toHaveAttribute('data-state', 'signed');
  await expect(rowOf(editor.page).getByTestId('signoff-badge')).toHaveAttribute('data-state', 'signed');
  // an editor may not sign (the button is not offered)
  await expect(editor.page.getByTestId('sign-row')).toHaveCount(0);

  // the editor changes the indicator's value: stale for both, with old → new
  const value = rowOf(editor.page).getByTestId('cell-value');
  const before = await value.inputValue();
  await value.click();
  await value.press('End');
  await value.pressSequentially('（修订）');
  for (const page of [editor.page, reviewer.page]) {
    const badge = rowOf(page).getByTestId('signoff-badge');
    await expect(badge).toHaveAttribute('data-state', 'stale');
    await expect(badge).toHaveText('已过期');
    await expect(badge).toHaveAttribute('title', new RegExp(`指标值：${reEscape(before)} → ${reEscape(before)}（修订）`));
  }
  // and the row says who changed it last
  await expect(rowOf(reviewer.page).getByTestId('last-change')).toHaveText(/最后修改：张填报/);

  await reviewer.context.close();
  await editor.context.close();
});

test('the comment box shows the length limit and refuses more', async ({ browser }) => {
  const reviewer = await signedIn(browser, 'reviewer@jixiao.demo');
  await openTable(reviewer.page);
  await reviewer.page.getByTestId('open-threads').click();
  await reviewer.page.getByTestId('new-thread').click();
  const box = reviewer.page.getByTestId('new-comment');
  await box.locator('textarea').fill('字'.repeat(2001));
  await expect(box.getByTestId('comment-length')).toHaveText('评论不能超过 2000 个字（已输入 2001 字）');
  await expect(box.getByTestId('comment-submit')).toBeDisabled();
  await box.locator('textarea').press('Backspace');
  await expect(box.getByTestId('comment-length')).toHaveText('2000 / 2000');
  await reviewer.context.close();
});

function reEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
