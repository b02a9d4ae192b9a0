/**
 * The browser of the browser tests: Debian's chromium when installed (CHROMIUM_PATH, or
 * `chromium` on PATH), otherwise the Chromium that @sparticuz/chromium ships inside its npm
 * package, so `npm test` also runs on a machine with only Node and npm. Unpacking that one is
 * async, and playwright.config.ts is not: global-setup resolves it and hands it to the workers
 * through the environment (workers start after global setup and inherit it).
 */
import { execSync } from 'node:child_process';

/** Our own flags, for either browser: no sandbox in containers, no background traffic. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * @sparticuz/chromium's flags, less those that switch off the page security the tests check
 * (same-origin policy, mixed content), its headless mode (Playwright sets that) and
 * single-process mode (it closes a second browser context, and the tests open several).
 */
const BUNDLED_FLAGS_DROPPED = /^--(disable-web-security|allow-running-insecure-content|headless|single-process)\b/;

const ENV_PATH = 'CHROMIUM_PATH';
const ENV_ARGS = 'JIXIAO_CHROMIUM_ARGS';

function systemChromium(): string | null {
  if (process.env.JIXIAO_FORCE_BUNDLED_CHROMIUM === '1') return null;
  if (process.env[ENV_PATH]) return process.env[ENV_PATH];
  try {
    return execSync('command -v chromium', { shell: '/bin/sh', stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    return null;
  }
}

/** Called once by global setup, before any worker starts. JIXIAO_FORCE_BUNDLED_CHROMIUM=1 skips Debian's. */
export async function resolveChromium(): Promise<void> {
  const system = systemChromium();
  if (system) {
    process.env[ENV_PATH] = system;
  } else {
    const { default: bundled } = await import('@sparticuz/chromium');
    process.env[ENV_PATH] = await bundled.executablePath();
    process.env[ENV_ARGS] = JSON.stringify(bundled.args.filter((a) => !BUNDLED_FLAGS_DROPPED.test(a)));
  }
  console.log(`浏览器测试使用 ${system ? '系统 chromium' : '@sparticuz/chromium 自带的 Chromium'}：${process.env[ENV_PATH]}`);
}

/** Launch options for playwright.config.ts; complete only in workers, after global setup. */
export function chromiumLaunchOptions(): { executablePath: string | undefined; args: string[] } {
  const extra: string[] = JSON.parse(process.env[ENV_ARGS] || '[]');
  return { executablePath: process.env[ENV_PATH] || undefined, args: [...extra, ...FLAGS] };
}
