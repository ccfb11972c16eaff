import Link from "next/link";
import { NavigableTableBody, NavigableTableRow } from "@/components/ui/navigable-table";
import { ReasonBadge } from "@/components/ui/reason-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export type BookEventRow = {
  ledgerId: string | null;
  id: string | null;
  type: string | null;
  status: string | null;
  at: string;
  /** What the event did to the books: its effect's summary, or the quarantine reason. */
  summary?: string;
  /** The quarantine reason, when the event was held back instead of applied. */
  quarantineReason?: string | null;
  quarantineStatus?: string | null;
};

const hrefOf = (ledgerId: string) => `/events/${ledgerId}`;

/** Events that touched a payment or a customer, each linking to its page; quarantined ones flagged. `j`/`k` move through them, Enter opens one. */
export function BookEventsTable({ events, caption }: { events: BookEventRow[]; caption: string }) {
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Event</TableHead>
          <TableHead scope="col">Status</TableHead>
          <TableHead scope="col">What it did</TableHead>
          <TableHead scope="col">When</TableHead>
        </TableRow>
      </TableHeader>
      <NavigableTableBody rowCount={events.length} hrefs={events.map((event) => (event.ledgerId ? hrefOf(event.ledgerId) : null))}>
        {events.map((event, index) => (
          <NavigableTableRow key={`${event.ledgerId ?? index}-${index}`} index={index} data-testid="book-event" data-quarantined={event.quarantineReason ? "true" : undefined}>
            <TableCell>
              {event.ledgerId ? (
                <Link href={hrefOf(event.ledgerId)} className="font-medium underline-offset-4 hover:underline">
                  {event.type ?? "event"}
                </Link>
              ) : (
                (event.type ?? "event")
              )}
              <span className="block font-mono text-xs text-muted-foreground">{event.id}</span>
            </TableCell>
            <TableCell>{event.status ? <StatusBadge status={event.status} /> : "—"}</TableCell>
            <TableCell className="text-sm">
              {event.quarantineReason ? (
                <span className="flex flex-wrap items-center gap-1.5">
                  <ReasonBadge reason={event.quarantineReason} />
                  <span className="text-muted-foreground">quarantine {event.quarantineStatus}</span>
                </span>
              ) : (
                (event.summary ?? "")
              )}
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <RelativeTime value={event.at} focusable={false} />
            </TableCell>
          </NavigableTableRow>
        ))}
      </NavigableTableBody>
    </Table>
  );
}
