/**
 * Two editors type into the same cell at the same time, at typing speed: no keystroke is lost,
 * both converge, each one's characters keep their order. One of them also types Chinese through
 * an IME (Chromium's composition events via CDP) while remote keystrokes arrive.
 */
import { type Browser, type Locator, type Page, expect, test } from '@playwright/test';
import { gotoLive, pageProblems, signedInContext } from './session';

const PROJECT = 'p_demo_000_1';

async function editor(browser: Browser, email: string) {
  const context = await signedInContext(browser, email);
  const page = await context.newPage();
  const problems = pageProblems(page);
  await gotoLive(page, `/projects/${PROJECT}`);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  return { context, page, problems };
}

/** `typed` appears in `value` in order, each of its characters exactly as often as typed. */
function expectKept(value: string, typed: string) {
  let i = 0;
  for (const ch of value) if (ch === typed[i]) i++;
  expect(i, `${JSON.stringify(typed)} in order in ${JSON.stringify(value)}`).toBe(typed.length);
}

async function compose(page: Page, field: Locator, syllables: Array<[string, string]>) {
  const cdp = await page.context().newCDPSession(page);
  await field.focus();
  await field.evaluate((el) => {
    el.addEventListener('compositionend', () => {
      el.dataset.compositions = String(Number(el.dataset.compositions ?? 0) + 1);
    });
  });
  for (const [pinyin, hanzi] of syllables) {
    for (let n = 1; n <= pinyin.length; n++) {
      const text = pinyin.slice(0, n);
      await cdp.send('Input.imeSetComposition', { text, selectionStart: n, selectionEnd: n });
      await page.waitForTimeout(60);
    }
    await cdp.send('Input.insertText', { text: hanzi });
    await page.waitForTimeout(60);
  }
  await cdp.detach();
  await expect(field).toHaveAttribute('data-compositions', String(syllables.length)); // real IME events
}

test('two editors typing into the same cell at 60 ms a key lose no keystroke', async ({ browser }) => {
  const a = await editor(browser, 'editor@jixiao.demo');
  const b = await editor(browser, 'editor2@jixiao.demo');
  const cellA = a.page.getByTestId('cell-name').first();
  const cellB = b.page.getByTestId('cell-name').first();
  await expect(cellB).toHaveValue(await cellA.inputValue());
  const original = await cellA.inputValue();

  // both at the end of the same cell, then A at the end and B at the start
  const fromA = 'abcdefghijklmnopqrst';
  const fromB = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉';
  await cellA.click();
  await cellA.press('Control+End');
  await cellB.click();
  await cellB.press('Control+End');
  await Promise.all([cellA.pressSequentially(fromA, { delay: 60 }), cellB.pressSequentially(fromB, { delay: 60 })]);
  await cellB.press('Control+Home');
  await Promise.all([cellA.pressSequentially('ABCDEFGHIJ', { delay: 60 }), cellB.pressSequentially('【乙在开头输入】', { delay: 60 })]);

  await expect.poll(async () => (await cellA.inputValue()) === (await cellB.inputValue())).toBe(true);
  const value = await cellA.inputValue();
  expect(value.length).toBe(original.length + fromA.length + fromB.length + 18);
  expect(value.startsWith('【乙在开头输入】'), value).toBe(true);
  expectKept(value, `${fromA}ABCDEFGHIJ`);
  expectKept(value, `【乙在开头输入】${original}${fromB}`);

  // B composes Chinese in the goal while A types into it
  const goalA = a.page.getByTestId('goal');
  const goalB = b.page.getByTestId('goal');
  const goalBefore = await goalA.inputValue();
  await goalA.click();
  await goalA.press('Control+End');
  await goalB.click();
  await goalB.press('Control+End');
  const syllables: Array<[string, string]> = [
    ['tigao', '提高'],
    ['fuwu', '服务'],
    ['zhiliang', '质量'],
  ];
  await Promise.all([goalA.pressSequentially('0123456789', { delay: 60 }), compose(b.page, goalB, syllables)]);
  await expect.poll(async () => (await goalA.inputValue()) === (await goalB.inputValue())).toBe(true);
  const goal = await goalA.inputValue();
  expect(goal.length).toBe(goalBefore.length + 10 + 6);
  expectKept(goal, '0123456789');
  expectKept(goal, '提高服务质量');
  const latin = (v: string) => v.replace(/[^a-z]/g, '');
  expect(latin(goal), 'no pinyin left behind').toBe(latin(goalBefore));

  expect([...a.problems, ...b.problems]).toEqual([]);
  await a.context.close();
  await b.context.close();
});
