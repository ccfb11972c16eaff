import type { ErrorCode } from "../errors";
import { actionRule, permits, type ActionName } from "./permissions";
import type { SessionClaims } from "./session-claims";
import { signedInUser, type SignedInUser } from "./signed-in-user";

export type Authorization = { ok: true; user: SignedInUser } | { ok: false; code: Extract<ErrorCode, "unauthenticated" | "forbidden">; message: string };

/**
 * May the holder of this session perform this action now? Re-reads the user
 * (signedInUser), then applies the registry: the action's role, and nothing but a
 * password change while a one-time password is still in use.
 */
export async function authorizeUser(claims: SessionClaims | null, action: ActionName): Promise<Authorization> {
  const user = await signedInUser(claims);
  if (!user) return { ok: false, code: "unauthenticated", message: "Your session has ended. Sign in again." };
  const rule = actionRule(action);
  if (user.mustChangePassword && !rule.beforePasswordChange) return { ok: false, code: "forbidden", message: "Choose a new password first (/account/password)." };
  if (!permits(user.role, action)) return { ok: false, code: "forbidden", message: `This needs the ${rule.role} role.` };
  return { ok: true, user };
}
