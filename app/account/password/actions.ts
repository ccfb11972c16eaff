"use server";
// Server actions of /account/password: changing one's own password
import { defineAction } from "@/server/auth/action";
import { renewSessionCookie } from "@/server/auth/request-context";
import { changePassword, ChangePasswordSchema } from "@/server/users/change-password";

export const changePasswordAction = defineAction("account.change_password", ChangePasswordSchema, async (input, { user, audit }) => {
  const { sessionVersion } = await changePassword(user.id, input, audit);
  // The change ended every session of the user; this browser gets a new one.
  await renewSessionCookie({ userId: user.id, sessionVersion, authTime: Math.floor(Date.now() / 1000) });
  return { changed: true };
});
