import type { BreakerState } from "../breaker/breaker-states";
import type { ActorLabels } from "./actor-labels";

/** One breaker as the console, the REST API and the CLI show it. Times are ISO 8601. */
export type BreakerView = {
  id: string;
  endpoint: string;
  state: BreakerState;
  /** What the state means for deliveries, in one sentence. */
  stateMeaning: string;
  eventTypes: string[];
  /** What tripped it, in a sentence (the gatekeeper's, or the admin's reason). */
  reason: string;
  /** The evidence: features, their values, the baselines they were compared with, scores. */
  explanation: Record<string, unknown>;
  openedAt: string;
  /** Who opened it: `the gatekeeper`, or the person (e-mail address) or API key that forced it. */
  openedBy: string;
  forced: boolean;
  halfOpenAt: string | null;
  /** Who put it half-open, while it is. */
  halfOpenBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
  /** Shed mode's end (its hard cap), while it sheds. */
  shedUntil: string | null;
  releasePerTick: number;
  /** Events it still holds (recorded and acknowledged, effects paused): a closed breaker may still hold some until they are released. */
  held: number;
};

export type BreakerRowForView = {
  id: string;
  endpoint: string;
  state: BreakerState;
  event_types: string[];
  reason: string;
  explanation: Record<string, unknown> | null;
  opened_at: Date;
  opened_by: string;
  half_open_at: Date | null;
  closed_at: Date | null;
  closed_by: string | null;
  shed_until: Date | null;
  release_per_tick: number;
  held: number;
  /** Actor name from its latest half-open decision (halfOpenedBy). */
  half_open_by: string | null;
};

export const BREAKER_COLUMNS = `b.id, e.name AS endpoint, b.state, b.event_types, b.reason, b.explanation, b.opened_at, b.opened_by, b.half_open_at,
  b.closed_at, b.closed_by, b.shed_until, b.release_per_tick`;

const iso = (value: Date | null) => value?.toISOString() ?? null;

/** The state in words, as deliveries of the breaker's types live it now. */
export function breakerStateMeaning(state: BreakerState, shedUntil: Date | null, now: Date): string {
  if (state === "open" && shedUntil && shedUntil > now) {
    return `Shedding: deliveries of these types are answered 503 and not recorded, so Stripe keeps them and retries, until ${shedUntil.toISOString()} (the cap); then they are held again.`;
  }
  if (state === "open") return "Open: deliveries of these types are recorded and acknowledged to Stripe, but their effects are held until released.";
  if (state === "half_open") return "Half-open: held events are released a few at a time while the gatekeeper watches for a relapse, which would open it again.";
  return "Closed: events of these types are processed as they arrive.";
}

export function toBreakerView(row: BreakerRowForView, labels: ActorLabels, now: Date): BreakerView {
  return {
    id: row.id,
    endpoint: row.endpoint,
    state: row.state,
    stateMeaning: breakerStateMeaning(row.state, row.shed_until, now),
    eventTypes: row.event_types,
    reason: labels.inText(row.reason),
    explanation: row.explanation ?? {},
    openedAt: row.opened_at.toISOString(),
    openedBy: labels.of(row.opened_by) ?? row.opened_by,
    forced: row.opened_by !== "gatekeeper",
    halfOpenAt: iso(row.half_open_at),
    halfOpenBy: row.half_open_at ? labels.of(row.half_open_by) : null,
    closedAt: iso(row.closed_at),
    closedBy: labels.of(row.closed_by),
    shedUntil: row.shed_until && row.shed_until > now && row.state === "open" ? row.shed_until.toISOString() : null,
    releasePerTick: row.release_per_tick,
    held: row.held,
  };
}
