/**
 * The project page is rendered on the server from the server's copy of the table: its HTML,
 * fetched without running any script, already holds the indicator grid with the indicator
 * names and values (and the antd styles the page needs). After hydration and sync the same
 * cells become editable: typing reaches a colleague.
 */
import { expect, test } from '@playwright/test';
import { baseUrl, gotoLive, pageProblems, signedInContext } from './session';

// not the table the other browser tests edit
const PROJECT = 'p_demo_000_3';

test('the grid is in the server-rendered HTML, then becomes editable once live', async ({ browser }) => {
  const context = await signedInContext(browser, 'editor@jixiao.demo');
  // the indicators as the live document holds them
  const live = await context.newPage();
  await gotoLive(live, `/projects/${PROJECT}`);
  await expect(live.getByTestId('indicator-grid')).toHaveAttribute('data-live', 'true');
  const named = (
    await live.locator('tr[data-row-id]').evaluateAll((trs) =>
      trs.map((tr) => ({
        id: (tr as HTMLElement).dataset.rowId!,
        name: tr.querySelector<HTMLTextAreaElement>('[data-testid="cell-name"]')!.value,
        value: tr.querySelector<HTMLTextAreaElement>('[data-testid="cell-value"]')!.value,
      })),
    )
  ).filter((i) => i.name);
  expect(named.length).toBeGreaterThan(2);
  await live.close();

  // the page's HTML as a client without JavaScript gets it
  const res = await context.request.get(`/projects/${PROJECT}`);
  expect(res.status()).toBe(200);
  const html = await res.text();
  expect(html).toContain('data-testid="indicator-grid"');
  const html$ = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  for (const ind of named) {
    expect(html).toContain(`data-row-id="${ind.id}"`);
    expect(html).toContain(html$(ind.name));
  }
  // antd's component styles come with the HTML, not only once its scripts run
  expect(html).toMatch(/<style[^>]*data-css-hash/);

  // the page's scripts come precompressed (brotli, written at build time) and cached for good
  const script = /<script[^>]* src="(\/assets\/[^"]+\.js)"|<link rel="modulepreload" href="(\/assets\/[^"]+\.js)"/.exec(html);
  const src = script?.[1] ?? script?.[2];
  expect(src).toBeTruthy();
  const asset = await context.request.get(src!, { headers: { 'accept-encoding': 'br, gzip' } });
  expect(asset.status()).toBe(200);
  expect(asset.headers()['content-encoding']).toBe('br');
  expect(asset.headers()['cache-control']).toContain('immutable');

  // with scripts off, the grid shows the names (read-only) before any script could run
  const noJs = await browser.newContext({ baseURL: baseUrl(), javaScriptEnabled: false, storageState: await context.storageState() });
  const still = await noJs.newPage();
  await still.goto(`/projects/${PROJECT}`);
  const grid = still.getByTestId('indicator-grid');
  await expect(grid).toBeVisible();
  await expect(grid).toHaveAttribute('data-live', 'false');
  const first = still.locator(`tr[data-row-id="${named[0]!.id}"] [data-testid="cell-name"]`);
  await expect(first).toHaveValue(named[0]!.name);
  await expect(first).toHaveAttribute('readonly', '');
  const staticBox = await grid.boundingBox();
  await noJs.close();

  // hydrated and synced: the same cell is editable and a colleague sees the typing
  const a = await context.newPage();
  const problems = pageProblems(a);
  await gotoLive(a, `/projects/${PROJECT}`);
  await expect(a.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  await expect(a.getByTestId('indicator-grid')).toHaveAttribute('data-live', 'true');
  // no layout jump: the live grid sits where the server-rendered one did, at the same size
  const liveBox = await a.getByTestId('indicator-grid').boundingBox();
  for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(liveBox![k] - staticBox![k])).toBeLessThanOrEqual(1);
  const b = await (await signedInContext(browser, 'editor2@jixiao.demo')).newPage();
  await gotoLive(b, `/projects/${PROJECT}`);
  await expect(b.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');

  const cell = a.locator(`tr[data-row-id="${named[1]!.id}"] [data-testid="cell-value"]`);
  await expect(cell).not.toHaveAttribute('readonly', '');
  await cell.click();
  await a.keyboard.press('End');
  await a.keyboard.type('（已核）');
  const expected = `${named[1]!.value}（已核）`;
  await expect(cell).toHaveValue(expected);
  await expect(b.locator(`tr[data-row-id="${named[1]!.id}"] [data-testid="cell-value"]`)).toHaveValue(expected);
  // and the server's copy, which the next page load renders, has it too
  await expect
    .poll(async () => (await context.request.get(`/projects/${PROJECT}`).then((r) => r.text())).includes('（已核）'))
    .toBe(true);
  expect(problems).toEqual([]);
  await b.context().close();
  await context.close();
});
