import type { User } from "../../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { prisma } from "../db";
import { log } from "../log";
import { clearSignInAttempts, forgetOldSignInAttempts, reserveSignInAttempt } from "./reserve-sign-in-attempt";
import { verifyPassword } from "./verify-password";

export type PasswordSignIn =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/** Why a password sign-in failed, as the audit log says it (the person signing in only ever hears "invalid"). */
function failureDetail(user: User | null, passwordMatches: boolean): string {
  if (!user) return "unknown account";
  if (!user.passwordHash) return "no password: this user signs in with SSO only";
  if (!passwordMatches) return "wrong password";
  return "deactivated user";
}

/**
 * Checks an e-mail address and password, within the sign-in rate limit. Every
 * failure looks the same to the caller and takes the same time (unknown accounts
 * verify against a dummy hash), and is recorded in the audit log without the
 * password, or the text typed as the e-mail address when no account has it.
 * A success clears the account's failures, records the sign-in, and returns the user.
 */
export async function signInWithPassword(input: { email: unknown; password: unknown; sourceAddress: string | null }): Promise<PasswordSignIn> {
  const email = typeof input.email === "string" ? input.email.trim().toLowerCase().slice(0, 320) : "";
  const password = typeof input.password === "string" ? input.password : "";
  const reservation = await reserveSignInAttempt(email, input.sourceAddress);
  if (!reservation.ok) {
    log.info("sign-in refused by the rate limit", { scope: reservation.scope, sourceAddress: input.sourceAddress });
    return { ok: false, reason: "rate_limited", retryAfterSeconds: reservation.retryAfterSeconds };
  }
  const user = email ? await prisma().user.findUnique({ where: { email } }) : null;
  const passwordMatches = await verifyPassword(user?.passwordHash ?? null, password);

  if (user && passwordMatches && !user.deactivatedAt) {
    const signedIn = await prisma().$transaction(async (tx) => {
      await clearSignInAttempts(tx, reservation);
      const updated = await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
      await recordAudit(tx, {
        actor: { kind: "user", id: user.id, label: user.email },
        action: "auth.sign_in",
        subject: `user:${user.id}`,
        sourceAddress: input.sourceAddress,
        detail: "password",
      });
      return updated;
    });
    return { ok: true, user: signedIn };
  }

  await prisma().$transaction(async (tx) => {
    await recordAudit(tx, {
      actor: { kind: "anonymous" },
      action: "auth.sign_in_failed",
      subject: user ? `user:${user.id}` : null,
      sourceAddress: input.sourceAddress,
      detail: failureDetail(user, passwordMatches),
    });
  });
  await forgetOldSignInAttempts();
  return { ok: false, reason: "invalid" };
}
