import Link from "next/link";
import { LookBadge } from "@/components/ui/look-badge";
import { NavigableTableBody, NavigableTableRow } from "@/components/ui/navigable-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";
import type { DestinationListItem } from "@/server/destinations/list-destinations";
import { DESTINATION_STATE_LOOKS } from "./looks";

/** A count that needs attention is coloured, the number itself saying it; zero is quiet. */
function Count({ value, tone, label }: { value: number; tone?: "warning" | "danger"; label: string }) {
  return (
    <TableCell className={cn("text-right tabular-nums", value === 0 ? "text-muted-foreground" : tone === "danger" ? "font-medium text-destructive" : tone === "warning" ? "font-medium text-amber-700 dark:text-amber-400" : undefined)} data-count={label}>
      {value.toLocaleString("en-US")}
    </TableCell>
  );
}

/** The event types a destination receives, each as code. */
export function EventTypes({ patterns }: { patterns: string[] }) {
  return (
    <ul className="flex max-w-72 flex-wrap gap-1" aria-label="Event types">
      {patterns.map((pattern) => (
        <li key={pattern}>
          <code className="rounded bg-muted px-1 py-0.5 font-mono text-xs">{pattern}</code>
        </li>
      ))}
    </ul>
  );
}

/**
 * One endpoint's destinations: state (and why paused), URL, event types and backlog, from the one
 * query of listDestinations. `j`/`k` move through the rows, Enter opens one.
 */
export function DestinationsTable({ endpoint, destinations }: { endpoint: string; destinations: DestinationListItem[] }) {
  return (
    <Table aria-label={`Destinations of endpoint ${endpoint}`} wrapperClassName="rounded-md border">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Destination</TableHead>
          <TableHead>State</TableHead>
          <TableHead>Event types</TableHead>
          <TableHead className="text-right">Pending</TableHead>
          <TableHead className="text-right">Failing</TableHead>
          <TableHead className="text-right">Dead</TableHead>
          <TableHead className="text-right">Delivered (24 h)</TableHead>
          <TableHead>Oldest pending</TableHead>
        </TableRow>
      </TableHeader>
      <NavigableTableBody rowCount={destinations.length} hrefs={destinations.map((destination) => `/destinations/${destination.id}`)}>
        {destinations.map((destination, index) => (
          <NavigableTableRow key={destination.id} index={index} data-testid="destination-row" data-name={destination.name} data-state={destination.state}>
            <TableCell className="min-w-60 max-w-md whitespace-normal">
              <Link href={`/destinations/${destination.id}`} className="font-medium hover:underline" tabIndex={-1}>
                {destination.name}
              </Link>
              <p className="break-all font-mono text-xs text-muted-foreground">{destination.url}</p>
            </TableCell>
            <TableCell className="max-w-64 whitespace-normal">
              <LookBadge look={DESTINATION_STATE_LOOKS[destination.state]} value={destination.state} />
              {destination.state === "paused" ? (
                <p className="mt-1 text-xs text-muted-foreground" data-testid="paused-reason">
                  {destination.pausedReason ?? "no reason given"}
                  {destination.pausedAt ? (
                    <>
                      {" · "}
                      <RelativeTime value={destination.pausedAt} focusable={false} />
                    </>
                  ) : null}
                </p>
              ) : null}
            </TableCell>
            <TableCell className="whitespace-normal">
              <EventTypes patterns={destination.eventTypes} />
            </TableCell>
            <Count value={destination.counts.pending} label="pending" />
            <Count value={destination.counts.failing} tone="warning" label="failing" />
            <Count value={destination.counts.dead} tone="danger" label="dead" />
            <Count value={destination.counts.deliveredLastDay} label="delivered" />
            <TableCell className="text-muted-foreground" data-count="oldest-pending">
              {destination.counts.oldestPendingAt ? <RelativeTime value={destination.counts.oldestPendingAt} focusable={false} /> : "—"}
            </TableCell>
          </NavigableTableRow>
        ))}
      </NavigableTableBody>
    </Table>
  );
}
