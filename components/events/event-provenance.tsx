"use client";

import { Hourglass, Inbox, RefreshCcwDot, ShieldCheck, ShieldQuestion, Wrench } from "lucide-react";
import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { ExactTime, RelativeTime, useNow } from "@/components/ui/relative-time";
import { formatCountdown } from "@/components/ui/time";
import { SimpleTooltip } from "@/components/ui/tooltip";
import type { EventOrigin } from "@/server/ledger/event-status";

export type EventProvenanceProps = {
  origin: EventOrigin | (string & {});
  /** The reconciliation run that recovered or repaired the event. */
  reconciliationRunId: string | null;
  /** When Stripe's API vouched for the event; null when it was not asked. */
  confirmedAt: string | null;
  /** When Stripe's events API forgets the event (30 days after it created it); null when the event is settled, or a repair Stripe never had. */
  horizonDeadline: string | null;
  /** Nearer than this many days, the countdown is a warning (HOOKWARDEN_HORIZON_ALERT_DAYS). */
  alertDays: number;
};

const DAY_MS = 86_400_000;

/** Where the event came from, whether Stripe vouched for it, and how long Stripe can still be asked about it. */
export function EventProvenance({ origin, reconciliationRunId, confirmedAt, horizonDeadline, alertDays }: EventProvenanceProps) {
  const runLink = reconciliationRunId ? (
    <Link href={`/reconciliation/${reconciliationRunId}`} className="font-mono text-foreground underline-offset-4 hover:underline">
      {reconciliationRunId.slice(0, 8)}
    </Link>
  ) : (
    "a run"
  );
  return (
    <ul className="mt-1.5 flex flex-wrap items-center gap-x-4 gap-y-1 text-[13px] text-muted-foreground" data-testid="event-provenance" aria-label="Provenance">
      <li className="inline-flex items-center gap-1.5" data-origin={origin}>
        {origin === "recovered" ? (
          <>
            <RefreshCcwDot className="size-3.5" aria-hidden /> Recovered from Stripe&apos;s API by run {runLink}
          </>
        ) : origin === "repair" ? (
          <>
            <Wrench className="size-3.5" aria-hidden /> Repair built from Stripe&apos;s current object by run {runLink}
          </>
        ) : (
          <>
            <Inbox className="size-3.5" aria-hidden /> Delivered by Stripe
          </>
        )}
      </li>
      <li className="inline-flex items-center gap-1.5" data-confirmed={confirmedAt ? "yes" : "no"}>
        {confirmedAt ? (
          <>
            <ShieldCheck className="size-3.5 text-emerald-600 dark:text-emerald-400" aria-hidden /> Confirmed by Stripe <RelativeTime value={confirmedAt} />
          </>
        ) : (
          <SimpleTooltip content="Stripe's API was not asked about this event: its type is not on the endpoint's confirm-with-source list, or the endpoint has no Stripe key.">
            <span tabIndex={0} className="inline-flex items-center gap-1.5">
              <ShieldQuestion className="size-3.5" aria-hidden /> Not confirmed with Stripe
            </span>
          </SimpleTooltip>
        )}
      </li>
      {horizonDeadline ? <HorizonCountdown deadline={horizonDeadline} alertDays={alertDays} /> : null}
    </ul>
  );
}

function HorizonCountdown({ deadline, alertDays }: { deadline: string; alertDays: number }) {
  const left = Date.parse(deadline) - useNow();
  const tone = left < DAY_MS ? "text-red-700 dark:text-red-300" : left < alertDays * DAY_MS ? "text-amber-700 dark:text-amber-300" : undefined;
  return (
    <li className={cn("inline-flex items-center gap-1.5", tone)} data-testid="horizon-countdown">
      <SimpleTooltip
        content={
          <>
            Stripe&apos;s events API keeps an event for 30 days. Until <ExactTime value={deadline} milliseconds={false} />, it can be reconciled with Stripe&apos;s copy.
          </>
        }
      >
        <span tabIndex={0} className="inline-flex items-center gap-1.5" suppressHydrationWarning>
          <Hourglass className="size-3.5" aria-hidden />
          {left > 0 ? `Stripe forgets this event in ${formatCountdown(left)}` : "Past Stripe's 30-day window: Stripe can no longer be asked about it"}
        </span>
      </SimpleTooltip>
    </li>
  );
}
