import { CircleDot, CircleOff, CirclePause, Waves } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { BreakerState } from "@/server/gatekeeper/breaker/breaker-states";

/** What Stripe does with deliveries it cannot hand over, said wherever shed mode is offered or on. */
export const STRIPE_RETRY_WARNING =
  "Stripe retries a delivery it could not hand over for up to 3 days, then gives up on that event; an endpoint that keeps failing for about 9 days is disabled by Stripe, and events created while it is disabled are never sent.";

/** A breaker's state in words, the colour only repeating them. */
export function BreakerStateBadge({ state, shedding = false }: { state: BreakerState; shedding?: boolean }) {
  if (state === "open" && shedding)
    return (
      <Badge tone="critical" data-state="shedding">
        <Waves aria-hidden /> Open · shedding
      </Badge>
    );
  if (state === "open")
    return (
      <Badge tone="danger" data-state="open">
        <CircleDot aria-hidden /> Open
      </Badge>
    );
  if (state === "half_open")
    return (
      <Badge tone="warning" data-state="half_open">
        <CirclePause aria-hidden /> Half-open
      </Badge>
    );
  return (
    <Badge tone="neutral" data-state="closed">
      <CircleOff aria-hidden /> Closed
    </Badge>
  );
}

/** Decision kinds, short, for badges and filters. */
export const DECISION_KIND_LABELS: Record<string, string> = {
  source_blocked: "Source blocked",
  source_outside: "Outside source",
  source_refused: "Source refused",
  anomaly: "Anomaly",
  breaker_opened: "Breaker opened",
  breaker_half_open: "Half-open",
  breaker_closed: "Breaker closed",
  shed_started: "Shedding",
  shed_ended: "Shedding ended",
  review_opened: "Review opened",
  customer_held: "Customer held",
};

const KIND_TONES: Record<string, "danger" | "warning" | "success" | "info" | "neutral" | "critical"> = {
  source_blocked: "danger",
  source_refused: "danger",
  source_outside: "warning",
  anomaly: "info",
  breaker_opened: "danger",
  breaker_half_open: "warning",
  breaker_closed: "success",
  shed_started: "critical",
  shed_ended: "neutral",
  review_opened: "warning",
  customer_held: "warning",
};

export function DecisionKindBadge({ kind }: { kind: string }) {
  return (
    <Badge tone={KIND_TONES[kind] ?? "neutral"} data-kind={kind}>
      {DECISION_KIND_LABELS[kind] ?? kind}
    </Badge>
  );
}
