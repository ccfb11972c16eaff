// GET /setup — create the first admin; exists only while there is no user, and only for this machine (404 otherwise)
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { requestContext } from "@/server/auth/request-context";
import { isSetupOpen } from "@/server/users/is-setup-open";
import { createFirstAdminAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up · Hookwarden" };

export default async function SetupPage() {
  if (!(await isSetupOpen((await requestContext()).sourceAddress))) notFound();
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 p-6">
      <header>
        <h1 className="text-2xl font-semibold">Set up Hookwarden</h1>
        <p className="mt-1 text-sm text-zinc-500">Create the first admin. This page closes for good once a user exists.</p>
      </header>
      <SetupForm action={createFirstAdminAction} />
    </main>
  );
}
