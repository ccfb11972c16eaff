import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { formatAmount } from "@/components/ui/money";
import { NavigableTableBody, NavigableTableRow } from "@/components/ui/navigable-table";
import { ExactTime } from "@/components/ui/relative-time";
import { Table, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { getCustomerOrThrow } from "@/server/customers/get-customer-or-throw";
import { BookEventsTable } from "./book-events-table";
import { TransactionsTable } from "./transactions-table";

export type CustomerDetailData = Awaited<ReturnType<typeof getCustomerOrThrow>>;

function Section({ id, title, count, children }: { id: string; title: string; count: number; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-2">
      <h2 id={id} className="text-base font-semibold">
        {title} <span className="font-normal text-muted-foreground">({count})</span>
      </h2>
      {children}
    </section>
  );
}

/** Why an entitlement holds, in one sentence. */
function entitlementReason(entitlement: CustomerDetailData["entitlements"][number]): string {
  if (entitlement.source === "subscription") {
    const until = entitlement.until ? ` until ${entitlement.until.slice(0, 10)}` : "";
    return `Subscription ${entitlement.id} is ${entitlement.status}${until}${entitlement.cancelAtPeriodEnd ? ", then ends (cancels at period end)" : ""}.`;
  }
  return `Payment ${entitlement.id} of ${formatAmount(entitlement.amount, entitlement.currency)} is paid, and neither refunded nor disputed.`;
}

/** A Stripe customer as the books know them: subscriptions, entitlements and why, payments, latest events. */
export function CustomerDetail({ customer }: { customer: CustomerDetailData }) {
  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-2">
        <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Customer</p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="font-mono text-2xl font-semibold">{customer.id}</h1>
          <CopyButton value={customer.id} label="Copy customer id" />
        </div>
        <p className="text-sm text-muted-foreground">
          {customer.entitlements.length > 0 ? `May use ${customer.entitlements.length} thing${customer.entitlements.length === 1 ? "" : "s"} now.` : "Entitled to nothing right now."}
        </p>
      </header>

      <Section id="entitlements-heading" title="Entitlements now" count={customer.entitlements.length}>
        <p className="text-xs text-muted-foreground">Derived from the books on every view: active or trialing subscriptions, and paid one-time payments that are neither refunded nor disputed.</p>
        {customer.entitlements.length === 0 ? (
          <p className="text-sm">None: no active or trialing subscription and no paid, unrefunded payment.</p>
        ) : (
          <ul className="flex flex-col gap-1.5 text-sm" data-testid="entitlements">
            {customer.entitlements.map((entitlement) => (
              <li key={`${entitlement.source}:${entitlement.id}`} className="flex flex-wrap items-center gap-2">
                <Badge tone="success">{entitlement.source === "subscription" ? (entitlement.product ?? entitlement.price ?? "subscription") : "one-time payment"}</Badge>
                <span>{entitlementReason(entitlement)}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="subscriptions-heading" title="Subscriptions" count={customer.subscriptions.length}>
        {customer.subscriptions.length === 0 ? (
          <p className="text-sm text-muted-foreground">No subscription in the mirror.</p>
        ) : (
          <Table>
            <caption className="sr-only">Subscriptions of {customer.id}, from the mirror</caption>
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Subscription</TableHead>
                <TableHead scope="col">Status</TableHead>
                <TableHead scope="col">Price</TableHead>
                <TableHead scope="col" className="text-right">
                  Quantity
                </TableHead>
                <TableHead scope="col">Period ends</TableHead>
                <TableHead scope="col">At period end</TableHead>
              </TableRow>
            </TableHeader>
            <NavigableTableBody rowCount={customer.subscriptions.length}>
              {customer.subscriptions.map((subscription, index) => (
                <NavigableTableRow key={subscription.id} index={index} data-testid="subscription-row">
                  <TableCell className="font-mono text-xs">{subscription.id}</TableCell>
                  <TableCell>
                    <Badge tone={subscription.entitles ? "success" : "muted"} title={subscription.entitles ? "Entitles the customer now" : "Does not entitle the customer now"}>
                      {subscription.status}
                    </Badge>
                  </TableCell>
                  <TableCell className="font-mono text-xs">
                    {subscription.price ?? "—"}
                    {subscription.product ? <span className="block text-muted-foreground">{subscription.product}</span> : null}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{subscription.quantity ?? "—"}</TableCell>
                  <TableCell className="whitespace-nowrap">{subscription.currentPeriodEnd ? <ExactTime value={subscription.currentPeriodEnd} milliseconds={false} /> : "—"}</TableCell>
                  <TableCell>{subscription.cancelAtPeriodEnd ? "cancels" : "renews"}</TableCell>
                </NavigableTableRow>
              ))}
            </NavigableTableBody>
          </Table>
        )}
      </Section>

      <Section id="payments-heading" title="Registered payments" count={customer.payments.length}>
        {customer.payments.length === 0 ? (
          <p className="text-sm text-muted-foreground">No registered payment names or was paid by this customer.</p>
        ) : (
          <TransactionsTable transactions={customer.payments} />
        )}
      </Section>

      <Section id="latest-events-heading" title="Latest events" count={customer.latestEvents.length}>
        {customer.latestEvents.length === 0 ? (
          <p className="text-sm text-muted-foreground">No event names this customer.</p>
        ) : (
          <BookEventsTable caption={`Latest events of ${customer.id}`} events={customer.latestEvents.map((event) => ({ ...event, at: event.receivedAt }))} />
        )}
      </Section>
    </div>
  );
}
