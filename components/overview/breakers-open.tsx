import { ArrowUpRight, CircleDot } from "lucide-react";
import Link from "next/link";
import { BreakerStateBadge } from "@/components/gatekeeper/looks";
import type { Stat } from "@/components/overview/stat-cards";
import type { BreakerView } from "@/server/gatekeeper/views/breaker-view";

/** The overview's number for the breakers: how many are open (or half-open), and how many events they hold; it opens /gatekeeper. */
export function breakersStat(active: BreakerView[]): Stat {
  const open = active.filter((breaker) => breaker.state !== "closed").length;
  const held = active.reduce((sum, breaker) => sum + breaker.held, 0);
  return {
    id: "open-breakers",
    label: "Breakers open",
    value: open.toLocaleString("en-US"),
    hint: held > 0 ? `${held.toLocaleString("en-US")} event${held === 1 ? "" : "s"} held` : open > 0 ? "holding nothing yet" : "every event type flows",
    href: "/gatekeeper",
    tone: open > 0 ? "danger" : held > 0 ? "warning" : "default",
  };
}

/**
 * The overview's signal that a circuit breaker is open (or half-open, or still holds events):
 * how many, on which endpoints, for which types, how many events wait, and one click to why.
 */
export function BreakersOpen({ breakers }: { breakers: BreakerView[] }) {
  if (breakers.length === 0) return null;
  const held = breakers.reduce((sum, breaker) => sum + breaker.held, 0);
  const open = breakers.filter((breaker) => breaker.state !== "closed").length;
  return (
    <section aria-labelledby="breakers-open-heading" data-testid="breakers-open" className="flex flex-col gap-2 rounded-lg border border-red-300 bg-red-50/60 px-4 py-3 dark:border-red-800/70 dark:bg-red-950/30">
      <h2 id="breakers-open-heading" className="flex flex-wrap items-center gap-2 text-sm font-semibold">
        <CircleDot className="size-4 text-red-700 dark:text-red-300" aria-hidden />
        {open > 0 ? `${open} circuit breaker${open === 1 ? "" : "s"} open` : "Held events wait for a decision"}
        <span className="font-normal text-muted-foreground">· {held.toLocaleString("en-US")} event{held === 1 ? "" : "s"} held</span>
        <Link href="/gatekeeper" className="ml-auto inline-flex items-center gap-0.5 text-xs font-medium underline-offset-4 hover:underline" data-testid="breakers-open-link">
          See why and release
          <ArrowUpRight className="size-3" aria-hidden />
        </Link>
      </h2>
      <ul className="flex flex-col gap-1.5 text-sm">
        {breakers.map((breaker) => (
          <li key={breaker.id} className="flex flex-wrap items-center gap-2" data-testid="breakers-open-endpoint" data-endpoint={breaker.endpoint}>
            <BreakerStateBadge state={breaker.state} shedding={breaker.shedUntil !== null} />
            <span className="font-mono text-[13px]">{breaker.endpoint}</span>
            <span className="text-muted-foreground">
              {breaker.eventTypes.join(", ")} · {breaker.held.toLocaleString("en-US")} held · {breaker.reason}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
