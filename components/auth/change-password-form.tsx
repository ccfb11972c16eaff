"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { ActionResult } from "@/server/auth/action";
import { Field, FormMessage, SubmitButton } from "./field";

/** Current password, then the new one twice; on success, on to the console. */
export function ChangePasswordForm({ action, mustChange }: { action: (input: FormData) => Promise<ActionResult<{ changed: boolean }>>; mustChange: boolean }) {
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [pending, setPending] = useState(false);
  const router = useRouter();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (form.get("newPassword") !== form.get("confirmPassword")) {
      setError({ message: "The two new passwords differ.", fields: { confirmPassword: "the two new passwords differ" } });
      return;
    }
    form.delete("confirmPassword");
    setPending(true);
    setError(null);
    const result = await action(form);
    if (result.ok) {
      router.replace("/");
      router.refresh();
      return;
    }
    setError({ message: result.error.message, fields: result.error.fields ?? {} });
    setPending(false);
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
      {error ? <FormMessage kind="error">{error.message}</FormMessage> : null}
      <Field
        label={mustChange ? "One-time password" : "Current password"}
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={error?.fields.currentPassword}
      />
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" required error={error?.fields.newPassword} hint="At least 12 characters." />
      <Field label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" required error={error?.fields.confirmPassword} />
      <SubmitButton pending={pending}>{pending ? "Saving…" : "Change password"}</SubmitButton>
    </form>
  );
}
