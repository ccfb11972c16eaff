/**
 * The Content-Security-Policy of console pages, with a fresh nonce per response
 * (proxy.ts). Next.js reads the nonce from the request's policy and puts it on its
 * own scripts; 'strict-dynamic' lets those load the rest, and nothing else runs:
 * no inline script without the nonce, no script from elsewhere, no framing.
 * `next dev` needs 'unsafe-eval' (React's error overlay) and inline styles, and its
 * hot reload talks over a WebSocket; `next start` needs none of that.
 */
export function contentSecurityPolicy(options: { nonce: string; dev: boolean; https: boolean }): string {
  const { nonce, dev, https } = options;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}
