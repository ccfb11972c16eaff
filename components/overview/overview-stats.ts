import type { Stat } from "@/components/overview/stat-cards";
import { QUARANTINE_REASON_DISPLAY } from "@/components/ui/reason-badge";
import { formatDuration } from "@/components/ui/time";
import { QUEUE_STATUSES } from "@/server/ledger/event-status";
import type { Overview } from "@/server/overview/get-overview";

/** Deliveries per minute are averaged over this many latest minutes (the current one included). */
export const RATE_MINUTES = 5;
/** The oldest unprocessed event reads as a warning from this age: the sweeper takes over at 30 s, retries back off up to 5 min. */
const STUCK_AFTER_SECONDS = 10 * 60;
/** p99 intake latency reads as a warning from here: Stripe waits up to 10 s for an answer. */
const SLOW_INTAKE_MS = 1_000;

const list = (params: Record<string, string>) => `/?${new URLSearchParams(params).toString()}`;
const count = (n: number) => n.toLocaleString("en-US");

/** The overview's row of numbers, each linked to the list it counts (the filtered events list, or the quarantine page). */
export function overviewStats(overview: Overview): Stat[] {
  const recent = overview.perMinute.slice(-RATE_MINUTES);
  const perMinute = recent.reduce((sum, bucket) => sum + bucket.deliveries, 0) / Math.max(1, recent.length);
  const { p50Ms, p99Ms, sample } = overview.intakeLatency;
  const oldest = overview.queue.oldest;
  return [
    {
      id: "deliveries-per-minute",
      label: "Deliveries / min",
      value: perMinute < 10 && perMinute % 1 !== 0 ? perMinute.toFixed(1) : count(Math.round(perMinute)),
      hint: `last ${RATE_MINUTES} min · ${count(overview.last24h.deliveries)} in 24 h`,
      href: list({ range: "15m" }),
    },
    {
      id: "intake-latency",
      label: "p99 intake latency",
      value: p99Ms === null ? "—" : `${count(Math.round(p99Ms))} ms`,
      hint: p99Ms === null ? "no deliveries in the last hour" : `p50 ${count(Math.round(p50Ms ?? 0))} ms · ${count(sample)} deliveries, last hour`,
      href: list({ range: "1h" }),
      tone: p99Ms !== null && p99Ms >= SLOW_INTAKE_MS ? "warning" : "default",
    },
    {
      id: "queue-depth",
      label: "Queue depth",
      value: count(overview.queue.depth),
      hint: `${count(overview.queue.byStatus.failed)} failed, retrying`,
      href: list({ status: QUEUE_STATUSES.join(",") }),
    },
    {
      id: "oldest-unprocessed",
      label: "Oldest unprocessed",
      value: oldest ? formatDuration(oldest.ageSeconds) : "none",
      hint: oldest ? `${oldest.stripeEventId} · ${oldest.status}` : "the queue is empty",
      href: oldest ? `/events/${oldest.id}` : list({ status: QUEUE_STATUSES.join(",") }),
      tone: oldest && oldest.ageSeconds >= STUCK_AFTER_SECONDS ? "warning" : "default",
    },
    {
      id: "open-quarantine",
      label: "Open quarantine",
      value: count(overview.quarantine.open),
      hint: overview.quarantine.byReason.length ? overview.quarantine.byReason.map((group) => `${count(group.count)} ${QUARANTINE_REASON_DISPLAY[group.reason].label.toLowerCase()}`).join(", ") : "nothing to decide",
      href: "/quarantine",
      tone: overview.quarantine.open > 0 ? "warning" : "default",
    },
    {
      id: "awaiting-link",
      label: "Awaiting link",
      value: count(overview.awaitingLink),
      hint: "payments waiting for their session or intent",
      href: list({ status: "awaiting_link" }),
    },
    {
      id: "dead",
      label: "Dead",
      value: count(overview.dead),
      hint: overview.dead > 0 ? "out of attempts: replay once fixed" : "none",
      href: list({ status: "dead" }),
      tone: overview.dead > 0 ? "danger" : "default",
    },
  ];
}
