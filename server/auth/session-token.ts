import { decode, encode } from "next-auth/jwt";
import { env } from "../env";
import { sessionClaims, type SessionClaims } from "./session-claims";
import { SESSION_POLICY } from "./session-policy";

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Seconds a session token issued now may live: the idle limit, cut short by the absolute one. */
function lifetime(claims: SessionClaims): number {
  return Math.max(0, Math.min(SESSION_POLICY.idleSeconds, claims.authTime + SESSION_POLICY.absoluteSeconds - nowSeconds()));
}

/** A session token (next-auth's encrypted JWT) for these claims, and how long it lives. */
export async function encodeSessionToken(claims: SessionClaims): Promise<{ value: string; maxAge: number }> {
  const maxAge = lifetime(claims);
  const value = await encode({ token: { sub: claims.userId, sv: claims.sessionVersion, authTime: claims.authTime }, secret: env().NEXTAUTH_SECRET, maxAge });
  return { value, maxAge };
}

/**
 * Slides a session: when the token is valid and was issued more than a few minutes
 * ago, returns a fresh one with a full idle lifetime (never past the absolute limit).
 * Returns null when there is nothing to do: no token, an invalid or expired one, or
 * one issued moments ago. Whether the user may still act is decided elsewhere, on
 * every request, from the database.
 */
export async function renewSessionToken(value: string | undefined): Promise<{ value: string; maxAge: number } | null> {
  if (!value) return null;
  let token: Awaited<ReturnType<typeof decode>>;
  try {
    token = await decode({ token: value, secret: env().NEXTAUTH_SECRET });
  } catch {
    return null;
  }
  const claims = sessionClaims(token);
  const issuedAt = typeof token?.iat === "number" ? token.iat : 0;
  if (!claims || nowSeconds() - issuedAt < SESSION_POLICY.renewAfterSeconds || lifetime(claims) === 0) return null;
  return encodeSessionToken(claims);
}
