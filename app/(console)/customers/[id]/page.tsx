// GET /customers/{id} — a customer's subscriptions, entitlements and why, registered payments, latest events (customers.get: viewer)
import { SearchX } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CustomerDetail } from "@/components/books/customer-detail";
import { LookupForm } from "@/components/books/lookup-form";
import { EmptyState } from "@/components/ui/empty-state";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { getCustomerOrThrow } from "@/server/customers/get-customer-or-throw";
import { isAppError } from "@/server/errors";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Customer · Hookwarden" };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser(ACTIONS["customers.get"].role);
  const id = decodeURIComponent((await params).id);
  const found = await getCustomerOrThrow(id).then(
    (customer) => ({ customer, problem: null }),
    (error: unknown) => {
      if (!isAppError(error) || (error.code !== "not_found" && error.code !== "invalid_request")) throw error;
      return { customer: null, problem: error.message };
    },
  );
  const { customer, problem } = found;
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 p-6 lg:p-8">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/customers" className="text-muted-foreground underline-offset-4 hover:underline">
          Customers
        </Link>
      </nav>
      {customer ? (
        <CustomerDetail customer={customer} />
      ) : (
        <>
          <h1 className="font-mono text-2xl font-semibold">{id}</h1>
          <EmptyState icon={SearchX} title="Nothing known about this customer">
            {problem}
          </EmptyState>
          <LookupForm action="/customers" label="Try another customer id" placeholder="cus_NffrFeUfNV2Hib" defaultValue={id} />
        </>
      )}
    </div>
  );
}
