// GET /transactions/{reference} — a registered payment: terms, state, who paid, refunds, disputes, its events (transactions.get: viewer)
import { SearchX } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { LookupForm } from "@/components/books/lookup-form";
import { TransactionDetail } from "@/components/books/transaction-detail";
import { EmptyState } from "@/components/ui/empty-state";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { isAppError } from "@/server/errors";
import { getTransactionOrThrow } from "@/server/transactions/get-transaction-or-throw";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Transaction · Hookwarden" };

export default async function TransactionPage({ params }: { params: Promise<{ reference: string }> }) {
  await requireUser(ACTIONS["transactions.get"].role);
  const reference = decodeURIComponent((await params).reference);
  const transaction = await getTransactionOrThrow(reference).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") return null;
    throw error;
  });
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 p-6 lg:p-8">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/transactions" className="text-muted-foreground underline-offset-4 hover:underline">
          Transactions
        </Link>
      </nav>
      {transaction ? (
        <TransactionDetail transaction={transaction} />
      ) : (
        <>
          <h1 className="text-2xl font-semibold">No payment registered as {reference}</h1>
          <EmptyState icon={SearchX} title="Nothing registered under this reference">
            Check the reference for typos. A payment that was never registered cannot be told paid: its events wait in quarantine as unknown_reference.
          </EmptyState>
          <LookupForm action="/transactions" label="Try another reference" placeholder="order_1042" defaultValue={reference} />
        </>
      )}
    </div>
  );
}
