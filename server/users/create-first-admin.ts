import { hash } from "@node-rs/argon2";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { ARGON2_OPTIONS } from "../auth/argon2-options";
import { prisma } from "../db";
import { AppError, invalidInput } from "../errors";
import { isLoopback } from "../intake/client-address";
import { auditedUser, userSummary, type UserSummary } from "./user-summary";
import { EmailSchema, NewPasswordSchema, UserNameSchema } from "./user-schemas";

export const CreateFirstAdminSchema = z
  .object({
    email: EmailSchema,
    name: UserNameSchema,
    password: NewPasswordSchema,
    confirmPassword: z.string({ error: "repeat the password" }),
  })
  .refine((input) => input.password === input.confirmPassword, { path: ["confirmPassword"], message: "the two passwords differ" });
export type CreateFirstAdmin = z.input<typeof CreateFirstAdminSchema>;

/** Serialises first-admin creation across every instance: PostgreSQL advisory lock key ("hkwd setup"). */
const FIRST_ADMIN_LOCK = 0x686b7764;

/**
 * Creates the first admin, with the password they chose, for a new installation.
 * Only while no user exists and only from this machine (remote installations use
 * `hookwarden user create`). Race-safe: concurrent calls take one advisory lock
 * and re-count under it, so exactly one of them creates an admin.
 */
export async function createFirstAdmin(input: CreateFirstAdmin, sourceAddress: string | null): Promise<UserSummary> {
  if (!isLoopback(sourceAddress)) throw new AppError("forbidden", "Setup is only open to the machine Hookwarden runs on.");
  const parsed = CreateFirstAdminSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const passwordHash = await hash(parsed.data.password, ARGON2_OPTIONS);
  const user = await prisma().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`;
    if ((await tx.user.count()) > 0) throw new AppError("conflict", "Setup is already done: sign in instead.");
    const created = await tx.user.create({ data: { email: parsed.data.email, name: parsed.data.name, role: "admin", passwordHash } });
    await recordAudit(tx, { actor: { kind: "anonymous" }, action: "users.create_first_admin", subject: `user:${created.id}`, after: auditedUser(created), sourceAddress });
    return created;
  });
  return userSummary(user);
}
