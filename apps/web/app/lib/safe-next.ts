/** Where a user lands after signing in: the 工作台 (what waits for them). */
export const LANDING = '/dashboard';

/**
 * Where to go after signing in: only a path on this site. `next` comes from the URL, so anything
 * a browser could resolve to another origin (`//evil`, `/\evil`, `https:`, `javascript:`, control
 * characters that browsers strip before resolving) falls back to the landing page.
 */
export function safeNext(next: string | null | undefined, fallback = LANDING): string {
  if (!next || next[0] !== '/' || next.length > 2048) return fallback;
  // browsers treat `\` like `/` and drop tabs and newlines, so `/\evil` or `/\t/evil` become `//evil`
  if (next[1] === '/' || [...next].some(isUnsafeChar)) return fallback;
  // resolving against a placeholder origin must stay on it (catches anything the rules above miss)
  const base = 'http://jixiao.invalid';
  const url = new URL(next, base);
  if (url.origin !== base) return fallback;
  return url.pathname + url.search + url.hash;
}

function isUnsafeChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return ch === '\\' || code < 0x20 || code === 0x7f;
}
