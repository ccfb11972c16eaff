"use server";
// Server actions of /setup: creating the first admin (no session; the domain allows it only while no user exists, from this machine)
import { definePublicAction } from "@/server/auth/action";
import { createFirstAdmin, CreateFirstAdminSchema } from "@/server/users/create-first-admin";

export const createFirstAdminAction = definePublicAction("users.create_first_admin", CreateFirstAdminSchema, async (input, { sourceAddress }) => {
  const admin = await createFirstAdmin(input, sourceAddress);
  return { email: admin.email };
});
