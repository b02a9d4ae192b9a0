/** Pasting 50,000 characters into a cell: cut at the limit with a message, nothing breaks, nothing lost. */
import { TEXT_LIMITS } from '@jixiao/table';
import { expect, test } from '@playwright/test';
import { gotoLive, signedInContext } from './session';

const PROJECT = 'p_demo_001_1';

test('a 50,000-character paste is cut at the cell limit, said so, saved and shown to a colleague', async ({ browser }) => {
  const contextA = await signedInContext(browser, 'editor@jixiao.demo');
  await contextA.grantPermissions(['clipboard-read', 'clipboard-write']);
  const a = await contextA.newPage();
  const b = await (await signedInContext(browser, 'editor2@jixiao.demo')).newPage();
  for (const page of [a, b]) {
    await gotoLive(page, `/projects/${PROJECT}`);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  }
  const huge = '长'.repeat(50_000);
  await a.evaluate((text) => navigator.clipboard.writeText(text), huge);
  const cellA = a.getByTestId('cell-value').first();
  await cellA.click();
  await a.keyboard.press('Control+a');
  await a.keyboard.press('Control+v');

  await expect(a.getByText(`此处最多 ${TEXT_LIMITS.cell.toLocaleString('zh-CN')} 个字，超出部分未粘贴`)).toBeVisible();
  await expect(cellA).toHaveValue('长'.repeat(TEXT_LIMITS.cell));
  await expect(b.getByTestId('cell-value').first()).toHaveValue('长'.repeat(TEXT_LIMITS.cell));
  await expect(a.getByTestId('saved-state')).toHaveAttribute('data-saved', 'yes');
  await expect(a.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
});
