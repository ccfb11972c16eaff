import { hash } from "@node-rs/argon2";
import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { recordAudit } from "../audit/record-audit";
import { ARGON2_OPTIONS } from "../auth/argon2-options";
import { prisma } from "../db";
import { AppError, invalidInput, isUniqueViolation } from "../errors";
import { oneTimePassword } from "./one-time-password";
import { auditedUser, userSummary, type UserSummary } from "./user-summary";
import { EmailSchema, RoleSchema, UserNameSchema } from "./user-schemas";

export const CreateUserSchema = z.object({
  email: EmailSchema,
  name: UserNameSchema,
  role: RoleSchema,
  /** Signs in only through SSO: no password at all. */
  ssoOnly: z.boolean().default(false),
});
export type CreateUser = z.input<typeof CreateUserSchema>;

/**
 * Creates a user. Unless the user is SSO-only, a one-time password is generated
 * and returned here, once; only its argon2id hash is stored, and the first sign-in
 * must replace it. The user and its audit entry commit together.
 */
export async function createUser(input: CreateUser, context: AuditContext): Promise<{ user: UserSummary; oneTimePassword: string | null }> {
  const parsed = CreateUserSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { email, name, role, ssoOnly } = parsed.data;
  const password = ssoOnly ? null : oneTimePassword();
  const passwordHash = password ? await hash(password, ARGON2_OPTIONS) : null;
  try {
    const user = await prisma().$transaction(async (tx) => {
      const created = await tx.user.create({ data: { email, name, role, passwordHash, mustChangePassword: password !== null } });
      await recordAudit(tx, { ...context, action: "users.create", subject: `user:${created.id}`, after: auditedUser(created) });
      return created;
    });
    return { user: userSummary(user), oneTimePassword: password };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", `A user with the e-mail address ${email} already exists; nothing changed.`);
    throw error;
  }
}
