/**
 * The Content-Security-Policy of console pages, with a fresh nonce per response
 * (proxy.ts). Next.js reads the nonce from the request's policy and puts it on its
 * own scripts; 'strict-dynamic' lets those load the rest, and nothing else runs:
 * no inline script without the nonce, no script from elsewhere, no framing.
 * Styles may be inline, in development and production alike: server-rendered
 * `style` attributes (Radix, tables, charts) cannot carry a nonce, and a policy that
 * differed from the one the tests run under would break only in production.
 * `next dev` also needs 'unsafe-eval' (React's error overlay) and a WebSocket for
 * hot reload; `next start` needs neither.
 */
export function contentSecurityPolicy(options: { nonce: string; dev: boolean; https: boolean }): string {
  const { nonce, dev, https } = options;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
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
