import { prisma } from "../db";

/** How many users exist, deactivated ones included (zero only on a new installation). */
export async function countUsers(): Promise<number> {
  return prisma().user.count();
}
