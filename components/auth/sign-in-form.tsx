"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { OIDC_PROVIDER_ID, signInErrorMessage } from "@/server/auth/sign-in-codes";
import { Field, FormMessage, SubmitButton } from "./field";

/** E-mail and password through next-auth's Credentials provider; an SSO button when SSO is configured. */
export function SignInForm({ ssoEnabled, initialError }: { ssoEnabled: boolean; initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);
  const router = useRouter();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? ""), redirect: false });
      if (result?.ok && !result.error) {
        // The console renders afresh, with the new session.
        router.replace("/");
        router.refresh();
        return;
      }
      setError(signInErrorMessage(result?.error ?? "unknown"));
    } catch {
      setError(signInErrorMessage("unknown"));
    }
    setPending(false);
  }

  return (
    <div className="flex flex-col gap-6">
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        {error ? <FormMessage kind="error">{error}</FormMessage> : null}
        <Field label="E-mail address" name="email" type="email" autoComplete="username" required autoFocus />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <SubmitButton pending={pending}>{pending ? "Signing in…" : "Sign in"}</SubmitButton>
      </form>
      {ssoEnabled ? (
        <button
          type="button"
          onClick={() => void signIn(OIDC_PROVIDER_ID, { callbackUrl: "/" })}
          className="rounded border border-zinc-300 px-4 py-2 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900"
        >
          Sign in with SSO
        </button>
      ) : null}
    </div>
  );
}
