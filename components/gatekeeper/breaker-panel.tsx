import { ArrowRight, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { BreakerView } from "@/server/gatekeeper/views/breaker-view";
import type { HeldEventView } from "@/server/gatekeeper/views/get-breaker-view-or-throw";
import { BreakerActions, type BreakerActionSet } from "./breaker-actions";
import { ExplanationView } from "./explanation-view";
import { HeldEventsTable, type ReleaseChosen } from "./held-events-table";
import { BreakerStateBadge, STRIPE_RETRY_WARNING } from "./looks";

export const breakerHref = (id: string) => `/gatekeeper/breakers/${id}`;

/**
 * One breaker, answering in order: what state is it in and what does that do to deliveries, why
 * did it open (in words, then the evidence), what does it hold, and what can be done now.
 */
export function BreakerPanel({
  breaker,
  held,
  actions,
  releaseChosen,
  shedMaxHours,
  heading: Heading = "h2",
  linkToPage = false,
}: {
  breaker: BreakerView;
  held: HeldEventView[];
  actions: BreakerActionSet;
  releaseChosen?: ReleaseChosen;
  shedMaxHours: number;
  heading?: "h2" | "h3";
  linkToPage?: boolean;
}) {
  const shedding = breaker.shedUntil !== null;
  const titleId = `breaker-${breaker.id}`;
  return (
    <Card role="region" aria-labelledby={titleId} data-testid="breaker" data-breaker-id={breaker.id} data-endpoint={breaker.endpoint} data-state={breaker.state} className={breaker.state === "open" ? "border-red-300/80 dark:border-red-900/80" : undefined}>
      <CardHeader className="gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <Heading id={titleId} className="flex items-center gap-2 text-sm font-semibold">
            <span className="font-mono">{breaker.endpoint}</span>
            <span className="sr-only">:</span>
            <BreakerStateBadge state={breaker.state} shedding={shedding} />
          </Heading>
          <Badge tone={breaker.held > 0 ? "warning" : "outline"} className="tabular-nums" data-testid="held-count">
            {breaker.held.toLocaleString("en-US")} held
          </Badge>
          {breaker.eventTypes.map((type) => (
            <Badge key={type} tone="muted" className="font-mono">
              {type}
            </Badge>
          ))}
          {linkToPage ? (
            <Link href={breakerHref(breaker.id)} className="ml-auto inline-flex items-center gap-1 text-sm font-medium underline-offset-4 hover:underline">
              Open <span className="sr-only">the breaker of {breaker.endpoint}</span>
              <ArrowRight className="size-3.5" aria-hidden />
            </Link>
          ) : null}
        </div>
        <p className="text-[13px]" data-testid="breaker-meaning">
          {breaker.stateMeaning}
        </p>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <section aria-label="Why" className="flex flex-col gap-1">
          <p className="text-sm" data-testid="breaker-why">
            <span className="font-medium">{breaker.forced ? `Forced open by ${breaker.openedBy}` : "Opened by the gatekeeper"}</span>{" "}
            <RelativeTime value={breaker.openedAt} />: {breaker.reason}
          </p>
          <p className="text-xs text-muted-foreground">
            {breaker.halfOpenAt ? (
              <>
                Half-open since <RelativeTime value={breaker.halfOpenAt} />
                {breaker.halfOpenBy ? ` by ${breaker.halfOpenBy}` : ""}, releasing {breaker.releasePerTick} per tick.{" "}
              </>
            ) : null}
            {breaker.closedAt ? (
              <>
                Closed <RelativeTime value={breaker.closedAt} /> by {breaker.closedBy ?? "—"}.{" "}
              </>
            ) : null}
            {breaker.state === "closed" && breaker.held > 0 ? "What it held stays held until someone releases it." : null}
          </p>
        </section>
        {shedding ? (
          <div role="note" className="flex gap-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-[13px] text-red-900 dark:border-red-800/70 dark:bg-red-950/40 dark:text-red-200" data-testid="shedding-note">
            <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
            <p>
              Shedding until <RelativeTime value={breaker.shedUntil!} /> (the cap: {shedMaxHours} h at most): these deliveries are answered 503 and are not in the ledger until Stripe
              retries them. {STRIPE_RETRY_WARNING}
            </p>
          </div>
        ) : null}
        <details className="group rounded-md border px-3 py-2" open={!breaker.forced}>
          <summary className="cursor-pointer text-sm font-medium">The evidence</summary>
          <div className="mt-3">
            <ExplanationView explanation={breaker.explanation} label={`the breaker of ${breaker.endpoint}`} />
          </div>
        </details>
        <BreakerActions breaker={breaker} actions={actions} shedMaxHours={shedMaxHours} />
        {held.length > 0 ? (
          <>
            <HeldEventsTable label={`Events held by the breaker of ${breaker.endpoint}`} events={held} releaseChosen={releaseChosen} />
            {breaker.held > held.length && linkToPage ? (
              <Link href={breakerHref(breaker.id)} className="w-fit text-sm font-medium underline-offset-4 hover:underline">
                All {breaker.held.toLocaleString("en-US")} held events
              </Link>
            ) : null}
          </>
        ) : breaker.state !== "closed" ? (
          <p className="text-sm text-muted-foreground">It holds no event now: deliveries of these types will wait here when they arrive.</p>
        ) : null}
      </CardContent>
    </Card>
  );
}
