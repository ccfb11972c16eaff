import { prisma } from "../db";
import { isRole, type Role } from "./roles";
import type { SessionClaims } from "./session-claims";
import { SESSION_POLICY } from "./session-policy";

export type SignedInUser = { id: string; email: string; name: string | null; role: Role; mustChangePassword: boolean; passwordSignIn: boolean; sessionVersion: number };

/**
 * The user behind a session, read from the database on every call: null when the
 * user is gone or deactivated, when their session version moved on (role change,
 * deactivation, new password, sign-out), or when the session is older than the
 * absolute limit. So any of those takes effect on the very next request.
 */
export async function signedInUser(claims: SessionClaims | null): Promise<SignedInUser | null> {
  if (!claims) return null;
  if (Date.now() / 1000 - claims.authTime > SESSION_POLICY.absoluteSeconds) return null;
  const user = await prisma().user.findUnique({ where: { id: claims.userId } });
  if (!user || user.deactivatedAt || user.sessionVersion !== claims.sessionVersion || !isRole(user.role)) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    mustChangePassword: user.mustChangePassword,
    passwordSignIn: user.passwordHash !== null,
    sessionVersion: user.sessionVersion,
  };
}
