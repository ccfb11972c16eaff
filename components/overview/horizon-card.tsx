"use client";

import { Hourglass } from "lucide-react";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { useNow } from "@/components/ui/relative-time";
import { formatCountdown } from "@/components/ui/time";

export type HorizonCardProps = {
  /** Unsettled events Stripe can still be asked about. */
  open: number;
  /** Of those, how many pass the 30-day mark within `withinDays`. */
  expiringSoon: number;
  /** Unsettled events already past it. */
  expired: number;
  withinDays: number;
  /** The nearest deadline, with its event. */
  nearest: { ledgerId: string; stripeEventId: string; type: string; deadline: string } | null;
  /** The events list filtered to the unsettled statuses. */
  unsettledHref: string;
};

const DAY_MS = 86_400_000;

/** The 30-day horizon: how many unsettled events Stripe can still be asked about, how many are running out of time, and the nearest deadline. */
export function HorizonCard({ open, expiringSoon, expired, withinDays, nearest, unsettledHref }: HorizonCardProps) {
  const now = useNow();
  const left = nearest ? Date.parse(nearest.deadline) - now : null;
  const figures = [
    { id: "unsettled", label: "Unsettled", value: open, hint: "Stripe can still be asked", tone: undefined },
    { id: "expiring", label: `Within ${withinDays} days`, value: expiringSoon, hint: "pass the 30-day mark", tone: expiringSoon ? "warning" : undefined },
    { id: "expired", label: "Past it", value: expired, hint: "only your judgement is left", tone: expired ? "danger" : undefined },
  ] as const;
  return (
    <Card data-testid="horizon">
      <CardHeader>
        <CardTitle as="h2" className="flex items-center gap-2">
          <Hourglass className="size-4 text-muted-foreground" aria-hidden /> 30-day horizon
        </CardTitle>
        <CardDescription>Stripe&apos;s events API forgets an event 30 days after creating it. Reconcile or decide unsettled events before then.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <dl className="grid grid-cols-3 gap-3">
          {figures.map((figure) => (
            <div key={figure.id} data-horizon={figure.id}>
              <dt className="text-xs text-muted-foreground">{figure.label}</dt>
              <dd
                className={cn(
                  "text-2xl font-semibold tabular-nums tracking-tight",
                  figure.tone === "warning" && "text-amber-700 dark:text-amber-300",
                  figure.tone === "danger" && "text-red-700 dark:text-red-300",
                )}
              >
                {figure.value}
              </dd>
              <dd className="text-xs text-muted-foreground">{figure.hint}</dd>
            </div>
          ))}
        </dl>
        {nearest && left !== null ? (
          <p className="text-sm">
            <span className="text-muted-foreground">Nearest deadline: </span>
            <Link href={`/events/${nearest.ledgerId}`} className="font-mono text-[13px] font-medium underline-offset-4 hover:underline" data-testid="horizon-nearest">
              {nearest.type}
            </Link>{" "}
            <span className={cn(left < DAY_MS ? "text-red-700 dark:text-red-300" : left < withinDays * DAY_MS ? "text-amber-700 dark:text-amber-300" : "text-muted-foreground")} suppressHydrationWarning>
              {left > 0 ? `in ${formatCountdown(left)}` : "now"}
            </span>
          </p>
        ) : (
          <p className="text-sm text-muted-foreground">No unsettled event is waiting on Stripe.</p>
        )}
        {open + expired > 0 ? (
          <Link href={unsettledHref} className="w-fit text-sm text-muted-foreground underline-offset-4 hover:text-foreground hover:underline">
            See the unsettled events
          </Link>
        ) : null}
      </CardContent>
    </Card>
  );
}
