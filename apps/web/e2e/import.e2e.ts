import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { gotoLive, pageProblems, signedInContext } from './session';

const SEED_003 = readFileSync(
  new URL('../../../packages/table/fixtures/seeds/003_779fbb76cc83e166.txt', import.meta.url),
  'utf8',
);

test('an editor pastes seed 003, previews 6 tables, creates them and finds them in the project list', async ({ browser }) => {
  const context = await signedInContext(browser, 'editor@jixiao.demo');
  const page = await context.newPage();
  const errors = pageProblems(page);

  await gotoLive(page, '/');
  await page.getByTestId('import-link').click();
  await expect(page).toHaveURL(/\/import$/);

  await page.getByTestId('import-text').fill(SEED_003);
  await page.getByTestId('import-preview').click();
  const cards = page.getByTestId('import-table');
  await expect(cards).toHaveCount(6);
  // header, money unit and indicators are shown; seed 003 is in 元
  await expect(cards.first().getByText('金额单位：元')).toBeVisible();
  await expect(cards.first().locator('tbody tr').first()).toBeVisible();

  await page.getByTestId('import-create').click();
  const done = page.getByTestId('import-done');
  await expect(done).toBeVisible();
  const links = done.locator('a[href^="/projects/"]');
  await expect(links).toHaveCount(6);
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));

  await gotoLive(page, '/');
  for (const href of hrefs) await expect(page.locator(`a[href="${href}"]`)).toBeVisible();
  // and one of them opens as an editable table
  await page.locator(`a[href="${hrefs[0]}"]`).click();
  await expect(page.getByTestId('indicator-grid')).toBeVisible();
  expect(errors).toEqual([]);
  await context.close();
});

test('the import page explains what is wrong with unrecognised text', async ({ browser }) => {
  const context = await signedInContext(browser, 'editor@jixiao.demo');
  const page = await context.newPage();
  await gotoLive(page, '/import');
  await page.getByTestId('import-text').fill('会议纪要\n今天讨论了明年的工作安排。');
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('import-error')).toContainText('没有识别出绩效目标表');
  await context.close();
});
