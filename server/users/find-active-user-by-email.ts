import type { User } from "../../generated/prisma/client";
import { prisma } from "../db";
import { EmailSchema } from "./user-schemas";

/** The active (not deactivated) user with this e-mail address, in any capitals; null for anything else. */
export async function findActiveUserByEmail(email: unknown): Promise<User | null> {
  const parsed = EmailSchema.safeParse(email);
  if (!parsed.success) return null;
  const user = await prisma().user.findUnique({ where: { email: parsed.data } });
  return user && !user.deactivatedAt ? user : null;
}
