/**
 * The names the sign-in page and next-auth share: the SSO provider's id, and what the
 * page may say about a failed sign-in, keyed by the error code that next-auth passes
 * back. Safe to import in the browser: no server code here. The page shows only these
 * fixed messages, never text taken from the URL.
 */

/** The SSO provider's id: its callback URL is `<NEXTAUTH_URL>/api/auth/callback/oidc`. */
export const OIDC_PROVIDER_ID = "oidc";

const INVALID = "CredentialsSignin";
const RATE_LIMITED = "RateLimited";
const SSO_REFUSED = "AccessDenied";

/** "Too many attempts; try again in N minutes", N rounded up. */
export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many attempts; try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

/** The code a refused password sign-in carries (next-auth puts it in the error URL). */
export function rateLimitedCode(retryAfterSeconds: number): string {
  return `${RATE_LIMITED}:${Math.max(1, Math.ceil(retryAfterSeconds))}`;
}

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  const limited = new RegExp(`^${RATE_LIMITED}:(\\d{1,6})$`).exec(code);
  if (limited) return tooManyAttemptsMessage(Number(limited[1]));
  if (code === INVALID) return "The e-mail address or the password is not right.";
  if (code === SSO_REFUSED) return "This account cannot sign in with SSO. Ask an admin to add your e-mail address as a user.";
  return "Sign-in did not work. Try again.";
}
