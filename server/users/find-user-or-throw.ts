import type { Prisma, User } from "../../generated/prisma/client";
import { AppError, invalidInput } from "../errors";
import { UserRefSchema } from "./user-schemas";

/**
 * A user by id or e-mail address, locked FOR UPDATE in the caller's transaction so
 * that a concurrent change of the same user waits for this one.
 */
export async function findUserOrThrow(tx: Prisma.TransactionClient, ref: unknown): Promise<User> {
  const parsed = UserRefSchema.safeParse(ref);
  if (!parsed.success) throw invalidInput(parsed.error.issues.map((issue) => ({ ...issue, path: ["user"] })));
  const byEmail = parsed.data.includes("@");
  const rows = byEmail
    ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM app_user WHERE email = ${parsed.data} FOR UPDATE`
    : await tx.$queryRaw<{ id: string }[]>`SELECT id FROM app_user WHERE id = ${parsed.data}::uuid FOR UPDATE`;
  const user = rows[0] ? await tx.user.findUnique({ where: { id: rows[0].id } }) : null;
  if (!user) throw new AppError("not_found", byEmail ? `No user has the e-mail address ${parsed.data}.` : `No user has the id ${parsed.data}.`);
  return user;
}
