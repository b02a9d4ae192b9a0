/** Undo takes back only one's own edits, and a colleague sees it happen live. */
import { expect, test } from '@playwright/test';
import { gotoLive, pageProblems, signedInContext } from './session';

const PROJECT = 'p_demo_001_3';

test('Ctrl+Z undoes my typing, not my colleague’s; redo brings them back', async ({ browser }) => {
  const a = await (await signedInContext(browser, 'editor@jixiao.demo')).newPage();
  const b = await (await signedInContext(browser, 'editor2@jixiao.demo')).newPage();
  const problems = [pageProblems(a), pageProblems(b)];
  for (const page of [a, b]) {
    await gotoLive(page, `/projects/${PROJECT}`);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  }
  const goalA = a.getByTestId('goal');
  const goalB = b.getByTestId('goal');
  await expect(a.getByTestId('undo')).toBeDisabled();

  await goalA.click();
  await goalA.press('Control+End');
  await goalA.pressSequentially('【甲的补充】');
  await expect(goalB).toHaveValue(/【甲的补充】$/);
  await goalB.click();
  await goalB.press('Control+Home');
  await goalB.pressSequentially('【乙的开头】');
  await expect(goalA).toHaveValue(/^【乙的开头】.*【甲的补充】$/);

  await a.waitForTimeout(600); // a new undo step
  await goalA.press('Control+z');
  await expect(goalA).toHaveValue(/^【乙的开头】/);
  await expect(goalA).not.toHaveValue(/【甲的补充】/);
  await expect(goalB).not.toHaveValue(/【甲的补充】/);
  await expect(goalB).toHaveValue(/^【乙的开头】/);

  await a.getByTestId('redo').click();
  await expect(goalB).toHaveValue(/^【乙的开头】.*【甲的补充】$/);
  expect(problems.flat()).toEqual([]);
});
