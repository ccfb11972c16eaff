// GET /destinations/{id} — one destination: state, backlog, settings, and its deliveries newest first (by status, 50 a page,
// each with its latest attempts); pause, resume and bulk retry (destinations.list: operator and up; editing, rotating, deleting: admin)
import { ChevronLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeliveriesTable } from "@/components/destinations/deliveries-table";
import { DestinationActions } from "@/components/destinations/destination-actions";
import { DestinationSettings } from "@/components/destinations/destination-settings";
import { DESTINATION_STATE_LOOKS } from "@/components/destinations/looks";
import { LiveRefreshToggle } from "@/components/events/live-refresh-toggle";
import { cn } from "@/components/ui/cn";
import { LookBadge } from "@/components/ui/look-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { ACTIONS } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { DELIVERY_STATUSES, type DeliveryStatus } from "@/server/destinations/destination-states";
import { getDestination } from "@/server/destinations/list-destinations";
import { env } from "@/server/env";
import { isAppError } from "@/server/errors";
import { destinationActionsFor } from "../destination-actions-for";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Destination · Hookwarden" };

const FILTERS: { status: DeliveryStatus | null; label: string }[] = [
  { status: null, label: "All" },
  { status: "pending", label: "Pending" },
  { status: "delivered", label: "Delivered" },
  { status: "dead", label: "Dead" },
];

const isDeliveryStatus = (value: unknown): value is DeliveryStatus => typeof value === "string" && (DELIVERY_STATUSES as readonly string[]).includes(value);

export default async function DestinationPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(ACTIONS["destinations.list"].role);
  const { id } = await params;
  const query = await searchParams;
  const status = isDeliveryStatus(query.status) ? query.status : undefined;
  const before = typeof query.before === "string" ? query.before : undefined;
  const view = await getDestination(id, { status, before }).catch((error: unknown) => {
    if (isAppError(error) && (error.code === "not_found" || error.code === "conflict" || error.code === "invalid_request")) notFound();
    throw error;
  });
  const { destination, deliveries, nextBefore } = view;
  const actions = destinationActionsFor(user.role);
  const base = `/destinations/${destination.id}`;
  const filtered = (next: DeliveryStatus | null) => (next ? `${base}?status=${next}` : base);
  const counts = destination.counts;
  const stats = [
    { label: "Pending", value: counts.pending, tone: undefined, hint: "waiting to be sent or retried" },
    { label: "Failing", value: counts.failing, tone: counts.failing > 0 ? "warning" : undefined, hint: "pending, failed at least once" },
    { label: "Dead", value: counts.dead, tone: counts.dead > 0 ? "danger" : undefined, hint: "retry window ended: retry them" },
    { label: "Delivered", value: counts.deliveredLastDay, tone: undefined, hint: "in the last 24 h" },
  ] as const;

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6">
      <header className="flex flex-col gap-3">
        <Link href="/destinations" className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground hover:underline">
          <ChevronLeft className="size-4" aria-hidden /> Destinations
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="flex min-w-0 flex-col gap-1">
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="text-lg font-semibold tracking-tight">{destination.name}</h1>
              <span data-testid="destination-state" data-state={destination.state}>
                <LookBadge look={DESTINATION_STATE_LOOKS[destination.state]} value={destination.state} />
              </span>
              <span className="text-sm text-muted-foreground">
                on endpoint <span className="font-mono">{destination.endpoint}</span>
              </span>
            </div>
            <p className="break-all font-mono text-[13px] text-muted-foreground">{destination.url}</p>
            {destination.state === "paused" ? (
              <p className="text-sm" data-testid="paused-reason">
                Paused {destination.pausedAt ? <RelativeTime value={destination.pausedAt} /> : null}: {destination.pausedReason ?? "no reason given"}. Its deliveries wait; none is lost.
              </p>
            ) : null}
          </div>
          <LiveRefreshToggle seconds={5} />
        </div>
        <DestinationActions destination={destination} actions={actions} graceHours={env().HOOKWARDEN_DESTINATION_SECRET_GRACE_HOURS} />
      </header>

      <section aria-label="Backlog" className="grid grid-cols-2 gap-3 md:grid-cols-5" data-testid="backlog">
        {stats.map((stat) => (
          <div key={stat.label} className="rounded-lg border px-3 py-2.5" data-stat={stat.label.toLowerCase()}>
            <p className="text-xs text-muted-foreground">{stat.label}</p>
            <p className={cn("text-xl font-semibold tabular-nums", stat.tone === "danger" && "text-destructive", stat.tone === "warning" && "text-amber-700 dark:text-amber-400")} data-value>
              {stat.value.toLocaleString("en-US")}
            </p>
            <p className="text-xs text-muted-foreground">{stat.hint}</p>
          </div>
        ))}
        <div className="rounded-lg border px-3 py-2.5" data-stat="oldest-pending">
          <p className="text-xs text-muted-foreground">Oldest pending</p>
          <p className="text-xl font-semibold">{counts.oldestPendingAt ? <RelativeTime value={counts.oldestPendingAt} /> : "—"}</p>
          <p className="text-xs text-muted-foreground">written</p>
        </div>
      </section>

      <DestinationSettings destination={destination} update={actions.update} />

      <section aria-labelledby="deliveries-heading" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="deliveries-heading" className="text-base font-semibold">
            Deliveries <span className="text-sm font-normal text-muted-foreground">newest first{before ? ", older page" : ""}</span>
          </h2>
          <nav aria-label="Deliveries by status" className="flex gap-1 rounded-lg bg-muted p-1">
            {FILTERS.map((filter) => (
              <Link
                key={filter.label}
                href={filtered(filter.status)}
                aria-current={(status ?? null) === filter.status ? "page" : undefined}
                className={cn(
                  "rounded-md px-2.5 py-1 text-sm font-medium text-muted-foreground hover:text-foreground",
                  (status ?? null) === filter.status && "bg-background text-foreground shadow-xs",
                )}
              >
                {filter.label}
              </Link>
            ))}
          </nav>
        </div>
        {deliveries.length === 0 ? (
          <p className="rounded-lg border border-dashed px-4 py-6 text-center text-sm text-muted-foreground" data-testid="no-deliveries">
            {status
              ? `No ${status} delivery${before ? " older than these" : ""}.`
              : `No delivery yet: each processed ${destination.eventTypes.join(", ")} event of endpoint ${destination.endpoint} is written here once it is processed.`}
          </p>
        ) : (
          <DeliveriesTable deliveries={deliveries} label={`Deliveries to ${destination.name}${status ? ` (${status})` : ""}`} paused={destination.state === "paused"} />
        )}
        {nextBefore || before ? (
          <nav aria-label="Deliveries pages" className="flex gap-4 text-sm">
            {before ? (
              <Link href={filtered(status ?? null)} className="underline-offset-4 hover:underline">
                Newest
              </Link>
            ) : null}
            {nextBefore ? (
              <Link href={`${filtered(status ?? null)}${status ? "&" : "?"}before=${nextBefore}`} className="font-medium underline-offset-4 hover:underline" data-testid="older-deliveries">
                Older
              </Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
