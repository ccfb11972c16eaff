import type { Prisma, User } from "../../generated/prisma/client";
import { AppError } from "../errors";

/** Serialises changes that may take away an admin, across every instance: an advisory lock key ("hkwa"; "hkwd" is first-admin creation). */
const ADMIN_SET_LOCK = 0x686b7761;

/**
 * Call first in a transaction that may demote or deactivate a user, before locking the
 * user's own row: two admins demoting each other would otherwise each hold their own row
 * and wait for the other's in the guard below (a deadlock, not a clean refusal).
 */
export async function lockAdminSet(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_SET_LOCK})`;
}

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
