// GET /transactions — find a registered payment by its reference; the latest ones, newest first (transactions.list: viewer)
import { Receipt } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { LookupForm } from "@/components/books/lookup-form";
import { TransactionsTable } from "@/components/books/transactions-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { isAppError } from "@/server/errors";
import { listTransactions } from "@/server/transactions/list-transactions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Transactions · Hookwarden" };

export default async function TransactionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser(ACTIONS["transactions.list"].role);
  const { q, cursor } = await searchParams;
  const reference = typeof q === "string" ? q.trim() : "";
  if (reference) redirect(`/transactions/${encodeURIComponent(reference)}`);
  const page = await listTransactions({ cursor: typeof cursor === "string" ? cursor : null }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "invalid_request") return null;
    throw error;
  });
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 p-6 lg:p-8">
      <header>
        <h1 className="text-2xl font-semibold">Transactions</h1>
        <p className="text-sm text-muted-foreground">Did they pay? Look up the reference your app registered: its state, who paid, refunds, disputes and every event that touched it.</p>
      </header>
      <LookupForm action="/transactions" label="Reference" placeholder="order_1042" hint="The reference your app registered (metadata.hookwarden_ref, or Checkout's client_reference_id)." />
      <section aria-labelledby="latest-heading" className="flex flex-col gap-2">
        <h2 id="latest-heading" className="text-base font-semibold">
          Latest registered payments
        </h2>
        {page === null ? (
          <p role="alert" className="text-sm text-destructive">
            That page link is not valid any more. <Link href="/transactions" className="underline">Start from the newest</Link>.
          </p>
        ) : page.transactions.length === 0 ? (
          <EmptyState
            icon={Receipt}
            title="No registered payments yet"
            commands={[{ label: "Register and pay a sample Checkout payment", command: "npx hookwarden simulate --scenario checkout" }]}
          >
            Your app registers each payment it expects with POST /api/v1/transactions before creating it in Stripe.
          </EmptyState>
        ) : (
          <>
            <TransactionsTable transactions={page.transactions} />
            <nav aria-label="Pages" className="flex gap-4 text-sm">
              {cursor ? (
                <Link href="/transactions" className="underline-offset-4 hover:underline">
                  Newest
                </Link>
              ) : null}
              {page.nextCursor ? (
                <Link href={`/transactions?cursor=${page.nextCursor}`} className="underline-offset-4 hover:underline">
                  Older payments
                </Link>
              ) : null}
            </nav>
          </>
        )}
      </section>
    </div>
  );
}
