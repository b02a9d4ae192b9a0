/**
 * Headers of every HTML page. Scripts run only from this origin or with the request's nonce (the
 * inline hydration scripts Remix renders); antd injects <style> tags at run time, so inline
 * styles are allowed; the collaboration websocket connects to this same host.
 */
export function htmlSecurityHeaders(request: Request, nonce: string): Record<string, string> {
  // the Host header is client-supplied: anything but a plain host[:port] adds no websocket source
  const { host } = new URL(request.url);
  const socket = /^[\w.:[\]-]+$/.test(host) ? ` ws://${host} wss://${host}` : '';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self'${socket}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
  };
}
