import type { User } from "../../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { prisma } from "../db";
import { findActiveUserByEmail } from "../users/find-active-user-by-email";

/**
 * Decides an SSO sign-in: the identity provider vouches for an e-mail address, and
 * Hookwarden lets in only an existing, active user with that address. Nobody is
 * created on the fly: an admin adds people first (`--sso-only` for those without a
 * password), and the role always comes from Hookwarden, never from the provider.
 * A profile whose `email_verified` is false is refused. Success and refusal are audited.
 */
export async function signInWithSso(profile: { email: unknown; emailVerified: unknown }, sourceAddress: string | null): Promise<{ ok: true; user: User } | { ok: false }> {
  const user = profile.emailVerified === false ? null : await findActiveUserByEmail(profile.email);
  await prisma().$transaction(async (tx) => {
    if (user) {
      await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
      await recordAudit(tx, { actor: { kind: "user", id: user.id, label: user.email }, action: "auth.sign_in", subject: `user:${user.id}`, sourceAddress, detail: "sso" });
    } else {
      const reason = profile.emailVerified === false ? "sso: the provider has not verified the e-mail address" : "sso: no active user has this e-mail address";
      await recordAudit(tx, { actor: { kind: "anonymous" }, action: "auth.sign_in_failed", sourceAddress, detail: reason });
    }
  });
  return user ? { ok: true, user } : { ok: false };
}
