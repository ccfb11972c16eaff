import Link from "next/link";
import { formatAmount } from "@/components/ui/money";
import { NavigableTableBody, NavigableTableRow } from "@/components/ui/navigable-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TransactionRow } from "@/server/transactions/list-transactions";
import { TransactionStatusBadge } from "./transaction-status-badge";

const hrefOf = (transaction: TransactionRow) => `/transactions/${encodeURIComponent(transaction.reference)}`;

/** The latest registered payments, each linking to its page; `j`/`k` move through them, Enter opens one. */
export function TransactionsTable({ transactions }: { transactions: TransactionRow[] }) {
  return (
    <Table>
      <caption className="sr-only">Latest registered payments, newest first</caption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Reference</TableHead>
          <TableHead scope="col">State</TableHead>
          <TableHead scope="col" className="text-right">
            Amount
          </TableHead>
          <TableHead scope="col">Customer</TableHead>
          <TableHead scope="col">Registered</TableHead>
        </TableRow>
      </TableHeader>
      <NavigableTableBody rowCount={transactions.length} hrefs={transactions.map(hrefOf)}>
        {transactions.map((transaction, index) => (
          <NavigableTableRow key={transaction.reference} index={index} data-testid="transaction-row">
            <TableCell>
              <Link href={hrefOf(transaction)} className="font-mono font-medium underline-offset-4 hover:underline">
                {transaction.reference}
              </Link>
            </TableCell>
            <TableCell>
              <TransactionStatusBadge status={transaction.status} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatAmount(transaction.amount, transaction.currency)}</TableCell>
            <TableCell className="font-mono text-xs">{transaction.customer ?? "—"}</TableCell>
            <TableCell className="whitespace-nowrap">
              <RelativeTime value={transaction.registeredAt} focusable={false} />
            </TableCell>
          </NavigableTableRow>
        ))}
      </NavigableTableBody>
    </Table>
  );
}
