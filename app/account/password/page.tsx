// GET /account/password — change one's own password; where a one-time password must be replaced first
import type { Metadata } from "next";
import Link from "next/link";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { changePasswordAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Password · Hookwarden" };

export default async function PasswordPage() {
  const user = await requireUser(ACTIONS["account.change_password"].role, { beforePasswordChange: true });
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 p-6">
      <header>
        <h1 className="text-2xl font-semibold">{user.mustChangePassword ? "Choose your password" : "Your password"}</h1>
        <p className="mt-1 text-sm text-zinc-500">
          {user.mustChangePassword
            ? `Signed in as ${user.email} with a one-time password. Choose your own before you go on.`
            : `Signed in as ${user.email}. Your other sessions end when you change it.`}
        </p>
      </header>
      {user.passwordSignIn ? (
        <ChangePasswordForm action={changePasswordAction} mustChange={user.mustChangePassword} />
      ) : (
        <p className="text-sm">You sign in with SSO: there is no Hookwarden password to change. Your identity provider manages it.</p>
      )}
      {user.mustChangePassword ? null : (
        <Link href="/" className="text-sm underline">
          Back to the console
        </Link>
      )}
    </main>
  );
}
