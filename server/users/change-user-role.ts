import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { prisma } from "../db";
import { invalidInput } from "../errors";
import { findUserOrThrow } from "./find-user-or-throw";
import { assertAnotherActiveAdmin, lockAdminSet } from "./last-admin-guard";
import { auditedUser, userSummary, type UserSummary } from "./user-summary";
import { RoleSchema, UserRefSchema } from "./user-schemas";

export const ChangeUserRoleSchema = z.object({ user: UserRefSchema, role: RoleSchema });
export type ChangeUserRole = z.input<typeof ChangeUserRoleSchema>;

/**
 * Gives a user another role. The user's session version is bumped, so every
 * session they have ends at its next request; the last active admin cannot be
 * demoted. A role that is already the user's changes nothing and records nothing.
 */
export async function changeUserRole(input: ChangeUserRole, context: AuditContext): Promise<{ user: UserSummary; changed: boolean }> {
  const parsed = ChangeUserRoleSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  return prisma().$transaction(async (tx) => {
    await lockAdminSet(tx);
    const user = await findUserOrThrow(tx, parsed.data.user);
    if (user.role === parsed.data.role) return { user: userSummary(user), changed: false };
    if (parsed.data.role !== "admin") await assertAnotherActiveAdmin(tx, user, "change this role");
    const updated = await tx.user.update({ where: { id: user.id }, data: { role: parsed.data.role, sessionVersion: { increment: 1 } } });
    await recordAudit(tx, { ...context, action: "users.change_role", subject: `user:${user.id}`, before: auditedUser(user), after: auditedUser(updated) });
    return { user: userSummary(updated), changed: true };
  });
}
