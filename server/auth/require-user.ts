import { notFound, redirect } from "next/navigation";
import { requestContext } from "./request-context";
import { roleAtLeast, type Role } from "./roles";
import { signedInUser, type SignedInUser } from "./signed-in-user";

/**
 * For pages and layouts: the signed-in user, re-read from the database, with at
 * least this role. Signed out (or a session that has ended) redirects to /sign-in;
 * a one-time password still in use redirects to /account/password; too low a role
 * answers 404, as if the page did not exist.
 */
export async function requireUser(required: Role, options: { beforePasswordChange?: boolean } = {}): Promise<SignedInUser> {
  const user = await signedInUser((await requestContext()).claims);
  if (!user) redirect("/sign-in");
  if (user.mustChangePassword && !options.beforePasswordChange) redirect("/account/password");
  if (!roleAtLeast(user.role, required)) notFound();
  return user;
}

/** The signed-in user, or null: for pages that anyone may see (/sign-in sends a signed-in user on). */
export async function optionalUser(): Promise<SignedInUser | null> {
  return signedInUser((await requestContext()).claims);
}
