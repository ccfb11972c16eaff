import Link from "next/link";
import { formatAmount } from "@/components/ui/money";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TransactionRow } from "@/server/transactions/list-transactions";
import { TransactionStatusBadge } from "./transaction-status-badge";

/** The latest registered payments, each linking to its page. */
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
      <TableBody>
        {transactions.map((transaction) => (
          <TableRow key={transaction.reference} data-testid="transaction-row">
            <TableCell>
              <Link href={`/transactions/${encodeURIComponent(transaction.reference)}`} className="font-mono font-medium underline-offset-4 hover:underline">
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
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
