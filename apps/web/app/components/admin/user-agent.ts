/** A user agent in a few words for the audit table (the full string stays in the tooltip). */
export function describeUserAgent(ua: string | null | undefined): string {
  if (!ua) return '';
  const browser =
    match(ua, /Edg\/(\d+)/, 'Edge') ??
    match(ua, /(?:OPR|Opera)\/(\d+)/, 'Opera') ??
    match(ua, /Firefox\/(\d+)/, 'Firefox') ??
    match(ua, /(?:HeadlessChrome|Chrome|CriOS)\/(\d+)/, ua.includes('HeadlessChrome') ? 'Chrome（无界面）' : 'Chrome') ??
    match(ua, /Version\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari/, 'Safari') ??
    match(ua, /^([\w-]+)\/([\d.]+)/, '') ??
    ua.slice(0, 24);
  const os = /Windows NT/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad/.test(ua)
        ? 'iOS'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return os ? `${browser} · ${os}` : browser;
}

function match(ua: string, re: RegExp, name: string): string | null {
  const m = re.exec(ua);
  if (!m) return null;
  return name ? `${name} ${m[1]}` : `${m[1]} ${m[2]}`;
}
