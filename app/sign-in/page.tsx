// GET /sign-in — e-mail and password (and SSO when configured); a signed-in user goes on to the console
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { requestContext } from "@/server/auth/request-context";
import { optionalUser } from "@/server/auth/require-user";
import { signInErrorMessage } from "@/server/auth/sign-in-codes";
import { oidcConfig } from "@/server/env";
import { countUsers } from "@/server/users/count-users";
import { isSetupOpen } from "@/server/users/is-setup-open";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in · Hookwarden" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  if (await optionalUser()) redirect("/");
  const { error } = await searchParams;
  const noUsers = (await countUsers()) === 0;
  const setupOpen = noUsers && (await isSetupOpen((await requestContext()).sourceAddress));
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 p-6">
      <header>
        <h1 className="text-2xl font-semibold">Sign in to Hookwarden</h1>
        <p className="mt-1 text-sm text-zinc-500">The operations console for your Stripe webhooks.</p>
      </header>
      {noUsers ? (
        <section className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          <h2 className="font-medium">No users yet</h2>
          {setupOpen ? (
            <p className="mt-1">
              Create the first admin: <Link href="/setup" className="underline">set up Hookwarden</Link>.
            </p>
          ) : (
            <p className="mt-1">
              On the server, create the first admin with <code className="font-mono">npx hookwarden user create --email you@example.com --role admin</code>.
            </p>
          )}
        </section>
      ) : null}
      <SignInForm ssoEnabled={oidcConfig() !== null} initialError={signInErrorMessage(typeof error === "string" ? error : null)} />
    </main>
  );
}
