import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { formatAmount } from "@/components/ui/money";
import { ExactTime } from "@/components/ui/relative-time";
import type { getTransactionOrThrow } from "@/server/transactions/get-transaction-or-throw";
import { BookEventsTable } from "./book-events-table";
import { TransactionStatusBadge, transactionStatusMeaning } from "./transaction-status-badge";

export type TransactionDetailData = Awaited<ReturnType<typeof getTransactionOrThrow>>;

const QUARANTINED = /^quarantined:(.+)$/;

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-2 py-1.5 text-sm">
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** A registered payment: its terms, its state and what led there, and every event that touched it. */
export function TransactionDetail({ transaction }: { transaction: TransactionDetailData }) {
  const money = (amount: number) => formatAmount(amount, transaction.currency);
  const quarantined = transaction.events.filter((event) => QUARANTINED.test(event.outcome));
  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-2">
        <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Registered payment</p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="font-mono text-2xl font-semibold">{transaction.reference}</h1>
          <CopyButton value={transaction.reference} label="Copy reference" />
          <TransactionStatusBadge status={transaction.status} />
        </div>
        <p className="text-sm text-muted-foreground" data-testid="transaction-answer">
          {money(transaction.amount)} · {transactionStatusMeaning(transaction.status)}
          {quarantined.length > 0 ? ` ${quarantined.length} event${quarantined.length === 1 ? " was" : "s were"} quarantined: see below.` : ""}
        </p>
      </header>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Terms</CardTitle>
          </CardHeader>
          <CardContent>
            <dl>
              <Fact term="Amount">{money(transaction.amount)}</Fact>
              <Fact term="Customer">
                {transaction.customer?.startsWith("cus_") ? (
                  <a href={`/customers/${transaction.customer}`} className="font-mono underline-offset-4 hover:underline">
                    {transaction.customer}
                  </a>
                ) : (
                  (transaction.customer ?? "not named (guest payments are accepted)")
                )}
              </Fact>
              <Fact term="Expires">{transaction.expiresAt ? <ExactTime value={transaction.expiresAt} milliseconds={false} /> : "never"}</Fact>
              <Fact term="Registered">
                <ExactTime value={transaction.registeredAt} milliseconds={false} />
              </Fact>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>What happened</CardTitle>
          </CardHeader>
          <CardContent>
            <dl>
              <Fact term="Paid by">
                {transaction.paidBy ? <span className="font-mono">{transaction.paidBy}</span> : "not paid"}
                {transaction.paidByCustomer ? <span className="block font-mono text-xs text-muted-foreground">{transaction.paidByCustomer}</span> : null}
              </Fact>
              <Fact term="Paid at">{transaction.paidAt ? <ExactTime value={transaction.paidAt} milliseconds={false} /> : "—"}</Fact>
              <Fact term="Refunded">{transaction.amountRefunded > 0 ? `${money(transaction.amountRefunded)} of ${money(transaction.amount)}` : "nothing"}</Fact>
              <Fact term="Failed attempts">
                {transaction.failedAttempts}
                {transaction.lastDeclineCode ? <span className="text-muted-foreground"> (last decline: {transaction.lastDeclineCode})</span> : null}
              </Fact>
              <Fact term="Dispute">{transaction.dispute ? `${transaction.dispute.id} (${transaction.dispute.status ?? "unknown"})` : "none"}</Fact>
              <Fact term="Stripe objects">
                {transaction.linkedObjects.length > 0 ? (
                  <ul className="font-mono text-xs">
                    {transaction.linkedObjects.map((objectId) => (
                      <li key={objectId}>{objectId}</li>
                    ))}
                  </ul>
                ) : (
                  "none linked yet"
                )}
              </Fact>
            </dl>
          </CardContent>
        </Card>
      </div>

      <section aria-labelledby="events-heading" className="flex flex-col gap-2">
        <h2 id="events-heading" className="text-base font-semibold">
          Events that touched it <span className="font-normal text-muted-foreground">({transaction.events.length})</span>
        </h2>
        {transaction.events.length === 0 ? (
          <p className="text-sm text-muted-foreground">No event has touched it yet. Events that name this reference appear here as they are processed.</p>
        ) : (
          <BookEventsTable
            caption={`Events of ${transaction.reference}`}
            events={transaction.events.map((event) => {
              const quarantine = QUARANTINED.exec(event.outcome);
              return {
                ledgerId: event.ledgerId,
                id: event.id,
                type: event.type,
                status: event.status,
                at: event.at,
                summary: event.summary,
                quarantineReason: quarantine ? event.summary : null,
                quarantineStatus: quarantine?.[1] ?? null,
              };
            })}
          />
        )}
      </section>
    </div>
  );
}
