import { hash } from "@node-rs/argon2";
import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { ARGON2_OPTIONS } from "../auth/argon2-options";
import { clearSignInAttempts, reserveSignInAttempt } from "../auth/reserve-sign-in-attempt";
import { tooManyAttemptsMessage } from "../auth/sign-in-codes";
import { verifyPassword } from "../auth/verify-password";
import { prisma } from "../db";
import { AppError, invalidInput } from "../errors";
import { NewPasswordSchema } from "./user-schemas";

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "the current password is required" }).min(1, "the current password is required").max(1_024),
    newPassword: NewPasswordSchema,
  })
  .refine((input) => input.newPassword !== input.currentPassword, { path: ["newPassword"], message: "the new password must differ from the current one" });
export type ChangePassword = z.input<typeof ChangePasswordSchema>;

/**
 * Replaces a user's own password, after checking the current one (a one-time password
 * counts). Wrong guesses count against the sign-in rate limit, so a stolen session
 * cannot be used to guess the password. Clears `mustChangePassword` and bumps the
 * session version: every other session of the user ends; the caller renews its own
 * with the returned version.
 */
export async function changePassword(userId: string, input: ChangePassword, context: AuditContext): Promise<{ sessionVersion: number }> {
  const parsed = ChangePasswordSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const user = await prisma().user.findUnique({ where: { id: userId } });
  if (!user || user.deactivatedAt) throw new AppError("unauthenticated", "Sign in again.");
  if (!user.passwordHash) throw new AppError("conflict", "This account signs in with SSO only; it has no password to change.");
  if (parsed.data.newPassword.trim().toLowerCase() === user.email) {
    throw new AppError("invalid_request", "newPassword: the password must not be your e-mail address", { fields: { newPassword: "the password must not be your e-mail address" } });
  }
  const reservation = await reserveSignInAttempt(user.email, context.sourceAddress);
  if (!reservation.ok) throw new AppError("rate_limited", tooManyAttemptsMessage(reservation.retryAfterSeconds));
  if (!(await verifyPassword(user.passwordHash, parsed.data.currentPassword))) {
    throw new AppError("invalid_request", "currentPassword: the current password is not right", { fields: { currentPassword: "the current password is not right" } });
  }
  const passwordHash = await hash(parsed.data.newPassword, ARGON2_OPTIONS);
  return prisma().$transaction(async (tx) => {
    await clearSignInAttempts(tx, reservation);
    // Only if nobody changed the password meanwhile (another tab, an admin): otherwise nothing changes.
    const { count } = await tx.user.updateMany({
      where: { id: user.id, passwordHash: user.passwordHash, deactivatedAt: null },
      data: { passwordHash, mustChangePassword: false, sessionVersion: { increment: 1 } },
    });
    if (count !== 1) throw new AppError("conflict", "The password was changed meanwhile; nothing changed. Sign in again.");
    const updated = await tx.user.findUniqueOrThrow({ where: { id: user.id } });
    await recordAudit(tx, {
      ...context,
      action: "account.change_password",
      subject: `user:${user.id}`,
      before: { mustChangePassword: user.mustChangePassword },
      after: { mustChangePassword: false },
    });
    return { sessionVersion: updated.sessionVersion };
  });
}
