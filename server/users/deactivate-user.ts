import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { prisma } from "../db";
import { AppError, invalidInput } from "../errors";
import { findUserOrThrow } from "./find-user-or-throw";
import { assertAnotherActiveAdmin, lockAdminSet } from "./last-admin-guard";
import { auditedUser, userSummary, type UserSummary } from "./user-summary";
import { UserRefSchema } from "./user-schemas";

export const DeactivateUserSchema = z.object({
  user: UserRefSchema,
  reason: z.string().trim().max(500, "reason is at most 500 characters").optional(),
});
export type DeactivateUser = z.input<typeof DeactivateUserSchema>;

/**
 * Deactivates a user: they can no longer sign in, and the bumped session version
 * ends every session they have at its next request. The last active admin cannot
 * be deactivated. The row stays, so the audit log keeps pointing at someone.
 */
export async function deactivateUser(input: DeactivateUser, context: AuditContext): Promise<UserSummary> {
  const parsed = DeactivateUserSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  return prisma().$transaction(async (tx) => {
    await lockAdminSet(tx);
    const user = await findUserOrThrow(tx, parsed.data.user);
    if (user.deactivatedAt) throw new AppError("conflict", `${user.email} is already deactivated; nothing changed.`);
    await assertAnotherActiveAdmin(tx, user, "deactivate this one");
    const updated = await tx.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date(), sessionVersion: { increment: 1 } } });
    await recordAudit(tx, {
      ...context,
      action: "users.deactivate",
      subject: `user:${user.id}`,
      before: auditedUser(user),
      after: auditedUser(updated),
      detail: parsed.data.reason || null,
    });
    return userSummary(updated);
  });
}
