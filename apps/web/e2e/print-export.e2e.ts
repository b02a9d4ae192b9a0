import { readFile } from 'node:fs/promises';
import { importWorkbook } from '@jixiao/table/xlsx';
import { expect, test } from '@playwright/test';
import { baseUrl, signedInContext } from './session';

const PROJECT = 'p_demo_000_1';

test('the print view shows the official layout and prints', async ({ browser }) => {
  const context = await signedInContext(browser, 'reviewer@jixiao.demo');
  const editor = await context.newPage();
  await editor.goto(`/projects/${PROJECT}`);
  await expect(editor.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  const [page] = await Promise.all([context.waitForEvent('page'), editor.getByTestId('print-link').click()]);
  await page.waitForLoadState();
  await expect(page).toHaveURL(new RegExp(`/projects/${PROJECT}/print$`));

  await expect(page.getByRole('heading', { name: '项目支出预算绩效目标表' })).toBeVisible();
  await expect(page.getByText('（2026年）')).toBeVisible();
  await expect(page.getByText('单位：万元')).toBeVisible();
  const indicators = page.getByTestId('print-indicators');
  await expect(indicators.getByRole('cell', { name: '≥1700人次', exact: true })).toBeVisible();
  // 一级 and 二级 are merged over their rows
  const outputs = indicators.getByRole('cell', { name: '产出指标', exact: true });
  await expect(outputs).toHaveCount(1);
  expect(Number(await outputs.getAttribute('rowspan'))).toBeGreaterThan(10);
  expect(Number(await indicators.getByRole('cell', { name: '数量指标', exact: true }).getAttribute('rowspan'))).toBe(10);
  // no editor, no websocket: nothing editable on the page
  await expect(page.locator('input, textarea')).toHaveCount(0);

  // the button calls window.print(); the toolbar is hidden in print
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed++;
    };
  });
  await page.getByTestId('print-button').click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('print-button')).toBeHidden();
  await expect(page.getByRole('heading', { name: '项目支出预算绩效目标表' })).toBeVisible();
  await context.close();
});

test('the export button downloads the table as an .xlsx that imports back', async ({ browser }) => {
  const context = await signedInContext(browser, 'editor@jixiao.demo');
  const page = await context.newPage();
  await page.goto(`/projects/${PROJECT}`);
  // click once the page is live (hydrated and synced), as a person would
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  expect(download.suggestedFilename()).toBe('自治区医疗保障局专项业务费.xlsx');
  const bytes = new Uint8Array(await readFile(await download.path()));
  const { tables } = await importWorkbook(bytes);
  expect(tables[0]!.table.header.projectName).toBe('自治区医疗保障局专项业务费');
  expect(tables[0]!.table.indicators.some((r) => r.value === '≥1700人次')).toBe(true);
  await context.close();
});

test('the print view needs a session', async ({ page }) => {
  await page.goto(`${baseUrl()}/projects/${PROJECT}/print`);
  await expect(page).toHaveURL(/\/login\?next=/);
});
