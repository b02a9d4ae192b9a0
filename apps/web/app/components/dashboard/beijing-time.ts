/**
 * Times as people in the units read them: 北京时间 (UTC+8, no daylight saving), the same on the
 * server and in any browser, so a server-rendered page hydrates without a mismatch.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;

/** `2026-11-05 14:03:27` (or `2026-11-05 14:03` without seconds); '' for an unreadable time. */
export function beijingTime(iso: string | null | undefined, seconds = true): string {
  const t = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(t)) return '';
  const text = new Date(t + OFFSET_MS).toISOString().replace('T', ' ');
  return text.slice(0, seconds ? 19 : 16);
}

/** `2026-11-05` */
export function beijingDate(iso: string | null | undefined): string {
  return beijingTime(iso).slice(0, 10);
}
