/**
 * The one place that reads the current request: its session (next-auth's
 * getServerSession) and its client address. Pages, server actions and console
 * route handlers get both from here; tests replace this module to act as a given
 * user without a browser.
 */
import { getServerSession } from "next-auth";
import { cookies, headers } from "next/headers";
import { env } from "../env";
import { clientAddress } from "../intake/client-address";
import { authOptions } from "./auth-options";
import { SessionClaimsSchema, type SessionClaims } from "./session-claims";
import { sessionCookie } from "./session-cookie";
import { encodeSessionToken } from "./session-token";

export type RequestContext = { claims: SessionClaims | null; sourceAddress: string | null };

export async function requestContext(): Promise<RequestContext> {
  const session = await getServerSession(authOptions());
  const claims = SessionClaimsSchema.safeParse({ userId: session?.userId, sessionVersion: session?.sessionVersion, authTime: session?.authTime });
  return { claims: claims.success ? claims.data : null, sourceAddress: clientAddress(await headers(), env().HOOKWARDEN_TRUSTED_PROXIES) };
}

/** Replaces this browser's session cookie (after a password change bumped the session version). */
export async function renewSessionCookie(claims: SessionClaims): Promise<void> {
  const { value, maxAge } = await encodeSessionToken(claims);
  const cookie = sessionCookie();
  (await cookies()).set(cookie.name, value, { ...cookie.options, maxAge });
}
