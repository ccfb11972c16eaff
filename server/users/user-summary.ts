import type { User } from "../../generated/prisma/client";

/** What may be shown of a user, and what the audit log keeps as before/after: never the password hash. */
export type UserSummary = {
  id: string;
  email: string;
  name: string | null;
  role: string;
  status: "active" | "deactivated";
  passwordSignIn: boolean;
  mustChangePassword: boolean;
  lastSignInAt: string | null;
  createdAt: string;
};

export function userSummary(user: User): UserSummary {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    status: user.deactivatedAt ? "deactivated" : "active",
    passwordSignIn: user.passwordHash !== null,
    mustChangePassword: user.mustChangePassword,
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

/** The fields of a user that the audit log compares before and after a change. */
export function auditedUser(user: User) {
  return { email: user.email, name: user.name, role: user.role, status: user.deactivatedAt ? "deactivated" : "active", mustChangePassword: user.mustChangePassword };
}
