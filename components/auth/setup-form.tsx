"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import type { ActionResult } from "@/server/auth/action";
import { Field, FormMessage, SubmitButton } from "./field";

type Created = { email: string };

/** The first admin's e-mail address, name and password, submitted once. */
export function SetupForm({ action }: { action: (input: FormData) => Promise<ActionResult<Created>> }) {
  const [result, setResult] = useState<ActionResult<Created> | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setResult(await action(new FormData(event.currentTarget)));
    setPending(false);
  }

  if (result?.ok) {
    return (
      <div className="flex flex-col gap-4">
        <FormMessage kind="success">The admin {result.data.email} is ready. Setup is now closed.</FormMessage>
        <Link href="/sign-in" className="text-sm font-medium underline">
          Sign in
        </Link>
      </div>
    );
  }
  const fields = result?.ok === false ? (result.error.fields ?? {}) : {};
  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
      {result?.ok === false ? <FormMessage kind="error">{result.error.message}</FormMessage> : null}
      <Field label="E-mail address" name="email" type="email" autoComplete="username" required error={fields.email} />
      <Field label="Name" name="name" autoComplete="name" error={fields.name} hint="Optional." />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required error={fields.password} hint="At least 12 characters." />
      <Field label="Repeat the password" name="confirmPassword" type="password" autoComplete="new-password" required error={fields.confirmPassword} />
      <SubmitButton pending={pending}>{pending ? "Creating…" : "Create the first admin"}</SubmitButton>
    </form>
  );
}
