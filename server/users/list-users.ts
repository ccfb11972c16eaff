import { prisma } from "../db";
import { userSummary, type UserSummary } from "./user-summary";

/** Every user, active first, then by e-mail address. A console has tens of users, not millions: no pagination. */
export async function listUsers(): Promise<UserSummary[]> {
  const users = await prisma().user.findMany({ orderBy: [{ deactivatedAt: { sort: "asc", nulls: "first" } }, { email: "asc" }] });
  return users.map(userSummary);
}
