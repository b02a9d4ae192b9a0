/**
 * Browser benchmark (Chromium through playwright-core, the production build on SQLite):
 * - time from navigation to a visible indicator grid for a 200-indicator table (cold and warm
 *   cache; the grid is server-rendered), to the same grid editable (hydrated, document synced),
 *   the server-rendered page's response time and size, and the JavaScript bytes transferred;
 * - keystroke → rendered in a second browser context (two users on one table), p50 / p99.
 * Prints figures; asserts nothing about them.
 */
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions, resolveChromium } from '../e2e/chromium.ts';
import { startServer } from '../e2e/server.ts';

const INDICATORS = 200;
const PAINT_RUNS = 7;
const KEYSTROKES = 200;
const PASSWORD = 'jixiao-demo-2026';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const ms = (v: number) => `${v.toFixed(0)} ms`;

/** A 200-row table in the official shape, imported through the API as an editor would. */
function bigTable() {
  const groups = [
    ['产出指标', '数量指标'],
    ['产出指标', '质量指标'],
    ['产出指标', '时效指标'],
    ['产出指标', '成本指标'],
    ['效益指标', '社会效益指标'],
    ['满意度指标', '服务对象满意度指标'],
  ] as const;
  const indicators = Array.from({ length: INDICATORS }, (_, i) => {
    const [level1, level2] = groups[i % groups.length]!;
    return { level1, level2, name: `第${i + 1}项绩效指标：医疗保障经办服务覆盖人次`, value: `≥${1000 + i}人次` };
  });
  return {
    header: { projectName: `基准表（${INDICATORS}项指标）`, year: '2026', moneyUnit: '万元' },
    goal: '完成年度医疗保障经办服务目标，提升服务对象满意度。',
    indicators,
  };
}

await resolveChromium();
const server = await startServer();
const browser = await chromium.launch({ headless: true, ...chromiumLaunchOptions() });
try {
  const signIn = async (email: string) => {
    const context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN' });
    const res = await context.request.post('/api/auth/sign-in/email', {
      data: { email, password: PASSWORD },
      headers: { Origin: server.url },
    });
    if (res.status() !== 200) throw new Error(`sign-in of ${email}: ${res.status()}`);
    return context;
  };
  const editor = await signIn('editor@jixiao.demo');
  const created = await editor.request.post('/api/import/projects', {
    data: { unitId: 'u_nx_ybj', tables: [bigTable()] },
    headers: { Origin: server.url },
  });
  if (created.status() !== 201) throw new Error(`import: ${created.status()} ${await created.text()}`);
  const id = ((await created.json()) as Array<{ id: string }>)[0]!.id;

  // the server-rendered page on its own: response time and size
  const htmlTimes: number[] = [];
  let htmlBytes = 0;
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    const res = await editor.request.get(`/projects/${id}`);
    htmlBytes = (await res.body()).length;
    htmlTimes.push(performance.now() - started);
  }

  // time to visible grid, to editable grid, and script bytes on the wire
  const cold: number[] = [];
  const warm: number[] = [];
  const live: number[] = [];
  let scriptBytes = 0;
  for (let run = 0; run < PAINT_RUNS; run++) {
    const context = await signIn('editor2@jixiao.demo');
    const page = await context.newPage();
    for (const [label, into] of [['cold', cold], ['warm', warm]] as const) {
      const started = Date.now();
      await page.goto(`/projects/${id}`, { waitUntil: 'commit' });
      await page.getByTestId('indicator-grid').waitFor({ state: 'visible', timeout: 60_000 });
      into.push(Date.now() - started);
      // hydrated and synced: the same grid, now editable
      await page.locator('[data-testid="indicator-grid"][data-live="true"]').waitFor({ timeout: 60_000 });
      if (label === 'cold') live.push(Date.now() - started);
      if (label === 'cold' && run === 0) {
        await page.waitForLoadState('load');
        scriptBytes = await page.evaluate(() =>
          performance
            .getEntriesByType('resource')
            .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'script' || e.name.endsWith('.js'))
            .reduce((sum, e) => sum + (e as PerformanceResourceTiming).transferSize, 0),
        );
      }
    }
    await context.close();
  }

  // keystroke in one context → rendered in the other
  const a = await (await signIn('editor@jixiao.demo')).newPage();
  const b = await (await signIn('editor2@jixiao.demo')).newPage();
  for (const page of [a, b]) {
    await page.goto(`/projects/${id}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 60_000 });
  }
  await a.getByTestId('goal').click();
  await a.keyboard.press('Control+End');
  const latencies: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const ch = String.fromCharCode(0x4e00 + i);
    // B watches for the character on each frame, stamping wall-clock time (same machine)
    const seen = b.evaluate(
      (c) =>
        new Promise<number>((resolve) => {
          const el = document.querySelector<HTMLTextAreaElement>('[data-testid="goal"]')!;
          const check = () => (el.value.includes(c) ? resolve(Date.now()) : requestAnimationFrame(check));
          check();
        }),
      ch,
    );
    const sent = Date.now();
    await a.keyboard.type(ch);
    latencies.push((await seen) - sent);
  }

  console.log(`\nbrowser benchmark (Chromium, production build, SQLite), ${INDICATORS}-indicator table`);
  console.log(`  navigation → visible grid, cold cache   p50 ${ms(quantile(cold, 0.5))}   max ${ms(Math.max(...cold))}   (${PAINT_RUNS} runs)`);
  console.log(`  navigation → visible grid, warm cache   p50 ${ms(quantile(warm, 0.5))}   max ${ms(Math.max(...warm))}`);
  console.log(`  navigation → editable grid, cold cache p50 ${ms(quantile(live, 0.5))}   max ${ms(Math.max(...live))}`);
  console.log(`  server-rendered page (HTML)             p50 ${ms(quantile(htmlTimes, 0.5))}   ${(htmlBytes / 1024).toFixed(0)} KiB uncompressed`);
  console.log(`  JavaScript transferred (first visit)    ${(scriptBytes / 1024).toFixed(0)} KiB`);
  console.log(`  keystroke → rendered in a 2nd context   p50 ${ms(quantile(latencies, 0.5))}   p90 ${ms(quantile(latencies, 0.9))}   p99 ${ms(quantile(latencies, 0.99))}   max ${ms(Math.max(...latencies))}   (${KEYSTROKES} keys)`);
} finally {
  await browser.close();
  await server.stop();
}
