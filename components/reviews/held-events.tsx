"use client";

import { ArrowUpRight, Play, XCircle } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ServerActionResult } from "@/components/events/event-actions";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/components/ui/confirm";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatAmount } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { HeldEvent } from "@/server/gatekeeper/fraud/get-review-or-throw";

export type HeldEventAction = (input: { id: string; eventId: string; reason: string }) => Promise<ServerActionResult>;

export type HeldEventsProps = {
  reviewId: string;
  events: HeldEvent[];
  /** The review is confirmed and the user may decide: Release and Reject on each event still held. */
  releaseAction?: HeldEventAction;
  rejectAction?: HeldEventAction;
};

/** The success events the review held: what became of each, and for a confirmed review, Release or Reject one by one. */
export function HeldEvents({ reviewId, events, releaseAction, rejectAction }: HeldEventsProps) {
  const router = useRouter();
  const act = (action: HeldEventAction, event: HeldEvent, done: string) => async ({ reason }: { reason: string }): Promise<ActionResult> => {
    const result = await action({ id: reviewId, eventId: event.ledgerId, reason });
    if (!result.ok) return { ok: false, error: result.error.message };
    router.refresh();
    return { ok: true, message: done };
  };
  const actions = Boolean(releaseAction || rejectAction);
  return (
    <Table data-testid="held-events">
      <caption className="sr-only">Events this review held</caption>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Event</TableHead>
          <TableHead className="text-right">Amount</TableHead>
          <TableHead>Status now</TableHead>
          {actions ? (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          ) : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {events.map((event) => (
          <TableRow key={event.ledgerId} data-testid="held-event" data-status={event.status}>
            <TableCell>
              <Link href={`/events/${event.ledgerId}`} className="inline-flex items-center gap-1 font-mono text-[13px] underline-offset-4 hover:underline">
                {event.type}
                <ArrowUpRight className="size-3" aria-hidden />
              </Link>
              <span className="block font-mono text-xs text-muted-foreground">{event.stripeEventId}</span>
            </TableCell>
            <TableCell className="text-right tabular-nums">{event.amount !== null && event.currency ? formatAmount(event.amount, event.currency) : "—"}</TableCell>
            <TableCell>
              <StatusBadge status={event.status} />
            </TableCell>
            {actions ? (
              <TableCell className="text-right">
                {event.status === "held" ? (
                  <span className="flex justify-end gap-1.5">
                    {releaseAction ? (
                      <ConfirmDialog
                        trigger={
                          <Button variant="outline" size="xs">
                            <Play aria-hidden /> Release
                          </Button>
                        }
                        title={`Release ${event.stripeEventId}?`}
                        description="The payment was genuine after all: it is applied once, now, and not held again."
                        confirmLabel="Release"
                        requireReason
                        onConfirm={act(releaseAction, event, `Released ${event.stripeEventId}: it is being applied.`)}
                      />
                    ) : null}
                    {rejectAction ? (
                      <ConfirmDialog
                        trigger={
                          <Button variant="outline" size="xs" className="text-destructive">
                            <XCircle aria-hidden /> Reject
                          </Button>
                        }
                        title={`Reject ${event.stripeEventId}?`}
                        description="The payment was made with a stolen card: it never applies to the books. It is closed in quarantine as fraud confirmed."
                        consequences={["Money Stripe collected is not refunded by this: refund it in Stripe.", "Your name and reason are kept in the event's history and the audit log."]}
                        confirmLabel="Reject"
                        destructive
                        requireReason
                        onConfirm={act(rejectAction, event, `Rejected ${event.stripeEventId}: it never applies.`)}
                      />
                    ) : null}
                  </span>
                ) : null}
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
