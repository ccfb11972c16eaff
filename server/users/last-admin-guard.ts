import type { Prisma, User } from "../../generated/prisma/client";
import { AppError } from "../errors";

/**
 * Refuses a change that would leave no active admin, so the console can always be
 * administered. Locks every active admin row first: two admins demoting each other
 * at the same moment cannot both succeed.
 */
export async function assertAnotherActiveAdmin(tx: Prisma.TransactionClient, user: User, change: string): Promise<void> {
  if (user.role !== "admin" || user.deactivatedAt) return;
  const admins = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM app_user WHERE role = 'admin' AND deactivated_at IS NULL ORDER BY id FOR UPDATE`;
  if (!admins.some((admin) => admin.id !== user.id)) {
    throw new AppError("conflict", `${user.email} is the last active admin: make another admin first, then ${change}. Nothing changed.`);
  }
}
