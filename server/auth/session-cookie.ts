import { env, type Env } from "../env";

/**
 * Session cookies are http-only, SameSite=Lax, path /, and Secure when the public
 * URL (NEXTAUTH_URL) is https. On http://localhost they cannot be Secure, since the
 * browser would not send them back over http; the name then has no `__Secure-` prefix.
 * These are next-auth's own defaults: one helper so the proxy and the password page
 * use exactly the cookie next-auth writes.
 */
export function usesSecureCookies(config: Env = env()): boolean {
  return (config.NEXTAUTH_URL ?? "").startsWith("https://");
}

export function sessionCookie(config: Env = env()) {
  const secure = usesSecureCookies(config);
  return {
    name: `${secure ? "__Secure-" : ""}next-auth.session-token`,
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  };
}
