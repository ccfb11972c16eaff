import { ArrowUpRight } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatAmount } from "@/components/ui/money";
import { ExactTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TimelineEntry } from "@/server/gatekeeper/fraud/get-review-or-throw";

/** "+45 s", "+12 min": the time since the previous payment event of the sequence. */
function gap(previous: TimelineEntry | undefined, entry: TimelineEntry): string {
  if (!previous) return "";
  const seconds = Math.round((Date.parse(entry.at) - Date.parse(previous.at)) / 1000);
  if (seconds < 120) return `+${seconds} s`;
  if (seconds < 7_200) return `+${Math.round(seconds / 60)} min`;
  return `+${Math.round(seconds / 3_600)} h`;
}

/**
 * The payment sequence, oldest first, in Stripe's `created` time: each event's outcome, amount,
 * decline code and card (brand, last 4 and a tag that tells the cards apart; never the fingerprint),
 * linking to the event.
 */
export function ReviewTimeline({ entries }: { entries: TimelineEntry[] }) {
  // One customer throughout (the usual case) is said once, in the header above; several get a column.
  const showCustomer = new Set(entries.map((entry) => entry.customerId ?? "guest")).size > 1;
  return (
    <Table data-testid="review-timeline">
      <caption className="sr-only">The payment sequence, oldest first</caption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Created at Stripe</TableHead>
          <TableHead>Outcome</TableHead>
          <TableHead className="text-right">Amount</TableHead>
          <TableHead>Decline code</TableHead>
          <TableHead>Card</TableHead>
          {showCustomer ? <TableHead>Customer</TableHead> : null}
          <TableHead>Event</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((entry, index) => (
          <TableRow key={entry.ledgerId} data-testid="timeline-entry" data-outcome={entry.outcome}>
            <TableCell className="whitespace-nowrap">
              <ExactTime value={entry.at} milliseconds={false} className="text-[13px]" />
              <span className="ml-2 text-xs text-muted-foreground tabular-nums">{gap(entries[index - 1], entry)}</span>
            </TableCell>
            <TableCell>
              <Badge tone={entry.outcome === "failed" ? "danger" : "success"}>{entry.outcome === "failed" ? "Declined" : "Succeeded"}</Badge>
              {entry.merchantInitiated ? (
                <Badge tone="muted" className="ml-1" title="An invoice's payment: shown, never counted as an attempt">
                  invoice
                </Badge>
              ) : null}
            </TableCell>
            <TableCell className="text-right tabular-nums">{entry.amount !== null && entry.currency ? formatAmount(entry.amount, entry.currency) : <span className="text-muted-foreground">—</span>}</TableCell>
            <TableCell className="font-mono text-xs">{entry.declineCode ?? <span className="text-muted-foreground">—</span>}</TableCell>
            <TableCell className="whitespace-nowrap font-mono text-xs">
              {entry.card ?? <span className="text-muted-foreground">—</span>} {entry.cardTag ? <span className="text-muted-foreground">{entry.cardTag}</span> : null}
            </TableCell>
            {showCustomer ? <TableCell className="font-mono text-xs">{entry.customerId ?? <span className="text-muted-foreground">guest</span>}</TableCell> : null}
            <TableCell>
              <Link href={`/events/${entry.ledgerId}`} className="inline-flex items-center gap-1 font-mono text-xs underline-offset-4 hover:underline">
                {entry.type}
                <ArrowUpRight className="size-3" aria-hidden />
              </Link>
              <StatusBadge status={entry.status} className="ml-1.5" />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
