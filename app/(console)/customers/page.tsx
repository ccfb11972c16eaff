// GET /customers — look up a Stripe customer id (customers.get: viewer)
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LookupForm } from "@/components/books/lookup-form";
import { CustomerIdSchema } from "@/server/customers/customer-id";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Customers · Hookwarden" };

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser(ACTIONS["customers.get"].role);
  const { q } = await searchParams;
  const typed = typeof q === "string" ? q.trim() : "";
  const parsed = typed ? CustomerIdSchema.safeParse(typed) : null;
  if (parsed?.success) redirect(`/customers/${parsed.data}`);
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 p-6 lg:p-8">
      <header>
        <h1 className="text-2xl font-semibold">Customers</h1>
        <p className="text-sm text-muted-foreground">What may this customer use now, and why? Their subscriptions from the mirror, their entitlements, their registered payments and latest events.</p>
      </header>
      <LookupForm action="/customers" label="Stripe customer id" placeholder="cus_NffrFeUfNV2Hib" defaultValue={typed} hint="Find it on the Stripe object (customer) or on a registered payment." />
      {parsed && !parsed.success ? (
        <p role="alert" className="text-sm text-destructive">
          {parsed.error.issues[0]?.message}
        </p>
      ) : null}
    </div>
  );
}
