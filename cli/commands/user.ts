import { isRole, ROLES } from "../../server/auth/roles";
import { changeUserRole } from "../../server/users/change-user-role";
import { createUser } from "../../server/users/create-user";
import { deactivateUser } from "../../server/users/deactivate-user";
import { listUsers } from "../../server/users/list-users";
import { UsageError } from "../usage";
import { cliContext } from "./cli-context";
import { parseFlags, print, withDatabase } from "./with-database";

const ACTIONS = ["create", "list", "set-role", "deactivate"] as const;

function requireRole(role: string | undefined): (typeof ROLES)[number] {
  if (!role || !isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
  return role;
}

function requireEmail(email: string | undefined): string {
  if (!email) throw new UsageError("--email is required");
  return email;
}

export async function userCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (!action || !(ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(action ? `unknown user action "${action}"` : `user needs an action: ${ACTIONS.join(", ")}`);
  }
  if (action === "create") {
    const { values } = parseFlags(rest, { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, "sso-only": { type: "boolean" } });
    const input = { email: requireEmail(values.email), role: requireRole(values.role), name: values.name, ssoOnly: values["sso-only"] ?? false };
    const { user, oneTimePassword } = await withDatabase(() => createUser(input, cliContext()));
    if (!oneTimePassword) {
      print(`User ${user.email} (${user.role}) created. They sign in with SSO only.`);
      return;
    }
    print([
      `User ${user.email} (${user.role}) created. Their one-time password is shown once; hand it over privately:`,
      "",
      `  ${oneTimePassword}`,
      "",
      "They must choose a new password at their first sign-in (/account/password).",
    ]);
    return;
  }
  if (action === "list") {
    parseFlags(rest, {});
    const users = await withDatabase(() => listUsers());
    if (users.length === 0) {
      print("No users yet. Create the first admin: hookwarden user create --email you@example.com --role admin");
      return;
    }
    for (const user of users) {
      const sign = user.passwordSignIn ? (user.mustChangePassword ? "must change password" : "password") : "SSO only";
      print(`${user.email.padEnd(36)} ${user.role.padEnd(9)} ${user.status.padEnd(12)} ${sign.padEnd(21)} last sign-in ${user.lastSignInAt ?? "never"}`);
    }
    return;
  }
  if (action === "set-role") {
    const { values } = parseFlags(rest, { email: { type: "string" }, role: { type: "string" } });
    const input = { user: requireEmail(values.email), role: requireRole(values.role) };
    const { user, changed } = await withDatabase(() => changeUserRole(input, cliContext()));
    print(changed ? `${user.email} is now ${user.role}; their sessions have ended.` : `${user.email} already is ${user.role}; nothing changed.`);
    return;
  }
  const { values } = parseFlags(rest, { email: { type: "string" }, reason: { type: "string" } });
  const input = { user: requireEmail(values.email), reason: values.reason };
  const user = await withDatabase(() => deactivateUser(input, cliContext()));
  print(`${user.email} is deactivated: they can no longer sign in, and their sessions have ended.`);
}
