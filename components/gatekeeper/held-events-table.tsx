"use client";

import { PackageOpen } from "lucide-react";
import Link from "next/link";
import { BulkActionBar } from "@/components/ui/bulk-action-bar";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatAmount } from "@/components/ui/money";
import { NavigableTableBody, NavigableTableRow } from "@/components/ui/navigable-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useRowSelection } from "@/components/ui/use-row-selection";
import type { ActionResult } from "@/server/auth/action";
import type { HeldEventView } from "@/server/gatekeeper/views/get-breaker-view-or-throw";
import { useActionResult } from "./use-action-result";

export type ReleaseChosen = (input: { eventIds: string[]; reason: string }) => Promise<ActionResult<{ released: number }>>;

/**
 * The events a breaker holds: Stripe id, type, customer, amount, when received and why held.
 * An operator picks some and releases them (with a reason); `j`/`k` move through the rows and
 * Enter opens an event's page.
 */
export function HeldEventsTable({ label, events, releaseChosen }: { label: string; events: HeldEventView[]; releaseChosen?: ReleaseChosen }) {
  const settle = useActionResult();
  const { selected, chosen, toggle, clear } = useRowSelection(events.map((event) => event.id));
  const count = chosen.length;
  return (
    <div className="flex flex-col gap-2" data-testid="held-events">
      {releaseChosen && count > 0 ? (
        <BulkActionBar count={count} onClear={clear}>
          <ConfirmDialog
            trigger={
              <Button size="xs" variant="outline" data-testid="release-selected">
                <PackageOpen aria-hidden /> Release selected
              </Button>
            }
            title={`Release ${count} held event${count === 1 ? "" : "s"}?`}
            description="They go back to processing now and are applied exactly once, as Stripe sent them; the breaker keeps holding the others."
            consequences={["Check each one first (its page shows the payload and deliveries): a forged event would apply too.", "Your name and reason are kept on each event's history and in the audit log."]}
            confirmLabel={`Release ${count}`}
            destructive
            requireReason
            reasonPlaceholder="Why are these genuine? e.g. confirmed in Stripe's Dashboard"
            onConfirm={async ({ reason }) => {
              const result = await settle(releaseChosen({ eventIds: chosen, reason }), (data) => `Released ${data.released} event${data.released === 1 ? "" : "s"}: they are being processed.`);
              if (result.ok) clear();
              return result;
            }}
          />
        </BulkActionBar>
      ) : null}
      <Table aria-label={label} wrapperClassName="rounded-md border">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            {releaseChosen ? (
              <TableHead className="w-8 pr-0">
                <Checkbox
                  aria-label={`Select all ${events.length} shown`}
                  checked={count === 0 ? false : count === events.length ? true : "indeterminate"}
                  onCheckedChange={(value) => toggle(events.map((event) => event.id), value === true)}
                />
              </TableHead>
            ) : null}
            <TableHead>Received</TableHead>
            <TableHead>Event</TableHead>
            <TableHead>Customer</TableHead>
            <TableHead className="text-right">Amount</TableHead>
            <TableHead>Why held</TableHead>
          </TableRow>
        </TableHeader>
        <NavigableTableBody rowCount={events.length} hrefs={events.map((event) => `/events/${event.id}`)}>
          {events.map((event, index) => (
            <NavigableTableRow key={event.id} index={index} data-state={selected.has(event.id) ? "selected" : undefined} data-testid="held-event" data-event-id={event.stripeEventId}>
              {releaseChosen ? (
                <TableCell className="w-8 pr-0">
                  <Checkbox aria-label={`Select ${event.stripeEventId}`} checked={selected.has(event.id)} onCheckedChange={(value) => toggle([event.id], value === true)} />
                </TableCell>
              ) : null}
              <TableCell className="text-muted-foreground">
                <RelativeTime value={event.receivedAt} focusable={false} />
              </TableCell>
              <TableCell>
                <div className="flex flex-col leading-tight">
                  <Link href={`/events/${event.id}`} className="font-mono text-[13px] hover:underline" tabIndex={-1}>
                    {event.type}
                  </Link>
                  <span className="font-mono text-xs text-muted-foreground">{event.stripeEventId}</span>
                </div>
              </TableCell>
              <TableCell className="font-mono text-xs">{event.customerId ?? <span className="text-muted-foreground">—</span>}</TableCell>
              <TableCell className="text-right tabular-nums">{event.amount !== null && event.currency ? formatAmount(event.amount, event.currency) : <span className="text-muted-foreground">—</span>}</TableCell>
              <TableCell className="min-w-64 max-w-md whitespace-normal text-xs text-muted-foreground">{event.heldReason ?? "—"}</TableCell>
            </NavigableTableRow>
          ))}
        </NavigableTableBody>
      </Table>
    </div>
  );
}
