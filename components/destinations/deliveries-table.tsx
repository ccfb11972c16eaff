"use client";

import { ChevronRight } from "lucide-react";
import Link from "next/link";
import { Fragment, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { LookBadge } from "@/components/ui/look-badge";
import { NavigableTableBody, NavigableTableRow } from "@/components/ui/navigable-table";
import { ExactTime, RelativeTime } from "@/components/ui/relative-time";
import { Table, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { DestinationAttemptView, DestinationDeliveryView } from "@/server/destinations/list-destinations";
import { ATTEMPT_OUTCOME_LOOKS, deliveryLook } from "./looks";

const COLUMNS = 8;

/**
 * A destination's deliveries, newest first: the event (its page one click away), type, customer,
 * status, attempts, when next or when delivered, the last error; each delivery's latest attempts
 * (status code, latency, outcome, masked excerpt of the answer) open under its row.
 */
export function DeliveriesTable({ deliveries, label, paused }: { deliveries: DestinationDeliveryView[]; label: string; paused: boolean }) {
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <Table aria-label={label} wrapperClassName="rounded-md border">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead className="w-8 pr-0">
            <span className="sr-only">Attempts shown</span>
          </TableHead>
          <TableHead>Written</TableHead>
          <TableHead>Event and type</TableHead>
          <TableHead>Customer</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="text-right">Attempts</TableHead>
          <TableHead>Next attempt / delivered</TableHead>
          <TableHead>Last error</TableHead>
        </TableRow>
      </TableHeader>
      <NavigableTableBody rowCount={deliveries.length} hrefs={deliveries.map((delivery) => `/events/${delivery.eventId}`)}>
        {deliveries.map((delivery, index) => {
          const expanded = open.has(delivery.id);
          const attemptsId = `delivery-${delivery.id}-attempts`;
          return (
            <Fragment key={delivery.id}>
              <NavigableTableRow index={index} data-testid="delivery-row" data-delivery-id={delivery.id} data-event-id={delivery.stripeEventId} data-status={delivery.status}>
                <TableCell className="w-8 pr-0">
                  {delivery.recentAttempts.length > 0 ? (
                    <Button
                      variant="ghost"
                      size="icon-xs"
                      aria-expanded={expanded}
                      aria-controls={attemptsId}
                      aria-label={`${expanded ? "Hide" : "Show"} the attempts to deliver ${delivery.stripeEventId}`}
                      onClick={() => toggle(delivery.id)}
                      data-testid="toggle-attempts"
                    >
                      <ChevronRight className={cn("transition-transform", expanded && "rotate-90")} aria-hidden />
                    </Button>
                  ) : null}
                </TableCell>
                <TableCell className="text-muted-foreground">
                  <RelativeTime value={delivery.createdAt} focusable={false} />
                </TableCell>
                <TableCell>
                  <div className="flex flex-col leading-tight">
                    <Link href={`/events/${delivery.eventId}`} className="font-mono text-[13px] hover:underline" tabIndex={-1}>
                      {delivery.stripeEventId}
                    </Link>
                    <span className="font-mono text-xs text-muted-foreground" data-testid="delivery-type">
                      {delivery.type}
                    </span>
                  </div>
                </TableCell>
                <TableCell className="max-w-44 truncate font-mono text-xs" title={delivery.customer ?? undefined}>
                  {delivery.customer ?? <span className="text-muted-foreground">—</span>}
                </TableCell>
                <TableCell>
                  <LookBadge look={deliveryLook(delivery)} value={delivery.status} />
                </TableCell>
                <TableCell className="text-right tabular-nums" data-testid="attempt-count">
                  {delivery.attempts}
                </TableCell>
                <TableCell className="min-w-32 whitespace-normal text-[13px]">
                  <When delivery={delivery} paused={paused} />
                </TableCell>
                <TableCell className="min-w-40 max-w-72 whitespace-normal break-words text-xs text-destructive" data-testid="last-error">
                  {delivery.status !== "delivered" && delivery.lastError ? delivery.lastError : null}
                </TableCell>
              </NavigableTableRow>
              {expanded ? (
                <TableRow id={attemptsId} className="bg-muted/30 hover:bg-muted/30">
                  <TableCell colSpan={COLUMNS} className="whitespace-normal py-2 pl-11">
                    <Attempts attempts={delivery.recentAttempts} total={delivery.attempts} />
                  </TableCell>
                </TableRow>
              ) : null}
            </Fragment>
          );
        })}
      </NavigableTableBody>
    </Table>
  );
}

function When({ delivery, paused }: { delivery: DestinationDeliveryView; paused: boolean }) {
  if (delivery.status === "delivered" && delivery.deliveredAt) {
    return (
      <span>
        Delivered <RelativeTime value={delivery.deliveredAt} focusable={false} />
      </span>
    );
  }
  if (delivery.status === "pending" && delivery.nextAttemptAt) {
    if (paused) return <span className="text-muted-foreground">Waits: the destination is paused</span>;
    if (delivery.attempts > 0) {
      return (
        <span>
          Next <RelativeTime value={delivery.nextAttemptAt} focusable={false} />
        </span>
      );
    }
    // Never tried: due at once, but a customer's events go one at a time, so it may wait behind an earlier one that is backing off.
    return <span title="Sent within a second, unless an earlier event of the same customer is still being retried: a customer's events arrive in order.">Not tried yet</span>;
  }
  return (
    <span className="text-muted-foreground">
      Window ended <RelativeTime value={delivery.deadline} focusable={false} />
    </span>
  );
}

/** The latest attempts of one delivery, newest first. */
function Attempts({ attempts, total }: { attempts: DestinationAttemptView[]; total: number }) {
  return (
    <div className="flex flex-col gap-1.5">
      <p className="text-xs text-muted-foreground">{total > attempts.length ? `The latest ${attempts.length} of ${total} attempts, newest first` : "Every attempt, newest first"}</p>
      <table className="w-full text-[13px]" aria-label="Attempts">
        <thead>
          <tr className="text-left text-xs text-muted-foreground">
            <th className="py-1 pr-4 font-medium">At</th>
            <th className="py-1 pr-4 font-medium">Outcome</th>
            <th className="py-1 pr-4 font-medium">Status</th>
            <th className="py-1 pr-4 text-right font-medium">Latency</th>
            <th className="py-1 font-medium">Answer (masked) or error</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((attempt, index) => (
            <tr key={`${attempt.at}-${index}`} className="align-top" data-testid="delivery-attempt" data-outcome={attempt.outcome}>
              <td className="whitespace-nowrap py-1 pr-4">
                <ExactTime value={attempt.at} />
              </td>
              <td className="py-1 pr-4">
                <LookBadge look={ATTEMPT_OUTCOME_LOOKS[attempt.outcome]} value={attempt.outcome} />
              </td>
              <td className="py-1 pr-4 font-mono tabular-nums" data-testid="attempt-status-code">
                {attempt.statusCode ?? "—"}
              </td>
              <td className="whitespace-nowrap py-1 pr-4 text-right tabular-nums">{attempt.latencyMs.toLocaleString("en-US")} ms</td>
              <td className="py-1">
                {attempt.responseExcerpt ? (
                  <code className="break-all font-mono text-xs" data-testid="attempt-excerpt">
                    {attempt.responseExcerpt}
                  </code>
                ) : null}
                {attempt.error && !attempt.responseExcerpt ? <span className="text-xs text-muted-foreground">{attempt.error}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
