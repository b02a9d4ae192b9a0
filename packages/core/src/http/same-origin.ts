/**
 * The CSRF rule for every state-changing request (the JSON API, Remix form posts): the browser
 * says where the page that sent it came from, and that must be one of our own origins. Origin
 * is sent by every current browser on POST; Referer is the fallback some privacy settings leave.
 * A request that names neither is refused: a state change needs a page of ours behind it.
 */
export function sameOrigin(headers: Headers, allowed: readonly string[]): boolean {
  const origin = headers.get('origin');
  if (origin) return allowed.includes(origin);
  const referer = headers.get('referer');
  if (!referer) return false;
  try {
    return allowed.includes(new URL(referer).origin);
  } catch {
    return false;
  }
}

/** Methods that change nothing and need no origin check. */
export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}
