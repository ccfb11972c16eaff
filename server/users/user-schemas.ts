import { z } from "zod";
import { ROLES } from "../auth/roles";

/** An e-mail address, trimmed and lowercased: the one spelling stored and looked up. */
export const EmailSchema = z
  .string({ error: "email is required" })
  .trim()
  .toLowerCase()
  .max(254, "email is too long")
  .pipe(z.email({ error: "email must be an e-mail address such as ops@example.com" }));

export const UserNameSchema = z
  .string()
  .trim()
  .max(100, "name is at most 100 characters")
  .nullish()
  .transform((name) => name || null);

export const RoleSchema = z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` });

/** A password a person chooses: long enough to resist guessing, short enough to hash quickly. */
export const NewPasswordSchema = z
  .string({ error: "a new password is required" })
  .min(12, "a password needs at least 12 characters")
  .max(256, "a password is at most 256 characters");

/** A user, named by id (the console) or by e-mail address (the CLI). */
export const UserRefSchema = z
  .string({ error: "user is required" })
  .trim()
  .pipe(z.union([z.uuid(), EmailSchema], { error: "user must be a user id or an e-mail address" }));
