import { NavigableTableBody, NavigableTableRow } from "@/components/ui/navigable-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { BreakerView } from "@/server/gatekeeper/views/breaker-view";
import Link from "next/link";
import { breakerHref } from "./breaker-panel";

/** Closed breakers that hold nothing: when, on which endpoint, for which types, why, and who ended it. Enter opens one. */
export function BreakersHistory({ breakers }: { breakers: BreakerView[] }) {
  return (
    <Table aria-label="Recently closed breakers" wrapperClassName="rounded-lg border bg-card">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Opened</TableHead>
          <TableHead>Endpoint</TableHead>
          <TableHead>Types</TableHead>
          <TableHead>Why</TableHead>
          <TableHead>Closed</TableHead>
        </TableRow>
      </TableHeader>
      <NavigableTableBody rowCount={breakers.length} hrefs={breakers.map((breaker) => breakerHref(breaker.id))}>
        {breakers.map((breaker, index) => (
          <NavigableTableRow key={breaker.id} index={index} data-testid="closed-breaker">
            <TableCell className="text-muted-foreground">
              <RelativeTime value={breaker.openedAt} focusable={false} />
            </TableCell>
            <TableCell className="font-mono text-[13px]">
              <Link href={breakerHref(breaker.id)} className="hover:underline" tabIndex={-1}>
                {breaker.endpoint}
              </Link>
            </TableCell>
            <TableCell className="font-mono text-xs">{breaker.eventTypes.join(", ")}</TableCell>
            <TableCell className="min-w-56 max-w-md whitespace-normal text-[13px]">
              {breaker.reason}
              <span className="block text-xs text-muted-foreground">by {breaker.openedBy}</span>
            </TableCell>
            <TableCell className="text-[13px]">
              {breaker.closedAt ? <RelativeTime value={breaker.closedAt} focusable={false} /> : "—"}
              <span className="block text-xs text-muted-foreground">by {breaker.closedBy ?? "—"}</span>
            </TableCell>
          </NavigableTableRow>
        ))}
      </NavigableTableBody>
    </Table>
  );
}
