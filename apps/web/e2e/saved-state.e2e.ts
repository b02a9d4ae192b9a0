/** 已保存 means the server committed the edits: it follows the server's acknowledgement. */
import { expect, test } from '@playwright/test';
import { gotoLive, pageProblems, signedInContext } from './session';

const PROJECT = 'p_demo_001_2';

test('the saved badge follows the server: saving, unsaved while offline, saved after reconnecting', async ({ browser }) => {
  const context = await signedInContext(browser, 'editor@jixiao.demo');
  const page = await context.newPage();
  const problems = pageProblems(page);
  await gotoLive(page, `/projects/${PROJECT}`);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  const saved = page.getByTestId('saved-state');
  await expect(saved).toHaveAttribute('data-saved', 'yes');
  await expect(saved).toHaveText('已保存');

  const goal = page.getByTestId('goal');
  await goal.click();
  await page.keyboard.press('End');
  await page.keyboard.type('【在线保存】');
  await expect(saved).toHaveAttribute('data-saved', 'yes');

  // offline: edits wait, and the badge says so
  await context.setOffline(true);
  await page.keyboard.type('【离线修改】');
  await expect(saved).toHaveAttribute('data-saved', 'no');
  await expect(saved).toHaveText('有未保存的修改');

  await context.setOffline(false);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await expect(saved).toHaveAttribute('data-saved', 'yes', { timeout: 20_000 });

  // what the badge called saved is there after a reload
  await gotoLive(page, `/projects/${PROJECT}`);
  await expect(page.getByTestId('goal')).toHaveValue(/【在线保存】/);
  await expect(page.getByTestId('goal')).toHaveValue(/【离线修改】/);
  expect(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|net::/.test(p))).toEqual([]);
  await context.close();
});
