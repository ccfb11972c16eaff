import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import type { AuditContext } from "@/server/audit/audit-actor";
import { ARGON2_OPTIONS } from "@/server/auth/argon2-options";
import type { Role } from "@/server/auth/roles";
import { prisma } from "@/server/db";

export const uniqueEmail = (prefix = "user") => `${prefix}-${randomBytes(5).toString("hex")}@example.test`;

/** A random private address per call, so the per-address sign-in limit of one test never touches another's. */
export const uniqueAddress = () => `10.${[...randomBytes(3)].join(".")}`;

export const TEST_PASSWORD = "correct horse battery staple";

/** A user with a known password (no change required), written directly: the fixture of tests that are not about creating users. */
export async function userWithPassword(role: Role, options: { password?: string; mustChangePassword?: boolean; email?: string } = {}) {
  return prisma().user.create({
    data: {
      email: options.email ?? uniqueEmail(role),
      role,
      passwordHash: await hash(options.password ?? TEST_PASSWORD, ARGON2_OPTIONS),
      mustChangePassword: options.mustChangePassword ?? false,
    },
  });
}

export const cliContext: AuditContext = { actor: { kind: "cli", label: "cli:test" }, sourceAddress: null };
