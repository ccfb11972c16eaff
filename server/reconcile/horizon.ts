import { pool } from "../db";
import { env } from "../env";
import { UNRECONCILED_STATUSES, type EventOrigin, type EventStatus } from "../ledger/event-status";
import { recordAlert } from "../alerts/record-alert";
import { EVENTS_WINDOW_DAYS } from "./recover-missed-events";

const DAY_MS = 86_400_000;
/** Spelled out (constants, not a parameter) so the planner can use the partial index, whose predicate is this same list. */
const UNSETTLED = `status IN (${UNRECONCILED_STATUSES.map((status) => `'${status}'`).join(", ")})`;

export type HorizonEvent = { ledgerId: string; stripeEventId: string; type: string; status: EventStatus; deadline: string; msLeft: number };

export type Horizon = {
  /** Events whose outcome is not settled (UNRECONCILED_STATUSES) and that Stripe may still be asked about. */
  open: number;
  /** Of those, how many pass the 30-day mark within `withinDays`. */
  expiringSoon: number;
  /** Unsettled events already past it: Stripe can no longer be asked; only an operator's judgement is left. */
  expired: number;
  withinDays: number;
  /** The nearest deadlines first. */
  nearest: HorizonEvent[];
};

/**
 * One event's deadline on the horizon (ISO 8601), or null when it has none: its outcome is
 * settled, or it is a repair event, which Stripe never had. Past it, Stripe cannot be asked.
 */
export function horizonDeadlineOf(event: { status: EventStatus; origin: EventOrigin; stripeCreatedAt: string }): string | null {
  if (event.origin === "repair" || !(UNRECONCILED_STATUSES as readonly EventStatus[]).includes(event.status)) return null;
  return new Date(Date.parse(event.stripeCreatedAt) + EVENTS_WINDOW_DAYS * DAY_MS).toISOString();
}

/**
 * The 30-day horizon: Stripe's events API forgets an event 30 days after it created it,
 * so every event not yet settled has a deadline by which it must be reconciled.
 * Read through the partial index stripe_event_horizon_idx, oldest first.
 */
export async function getHorizon(options: { withinDays?: number; limit?: number; now?: Date } = {}): Promise<Horizon> {
  const withinDays = options.withinDays ?? env().HOOKWARDEN_HORIZON_ALERT_DAYS;
  const now = options.now ?? new Date();
  const windowStart = new Date(now.getTime() - EVENTS_WINDOW_DAYS * DAY_MS);
  const soonEdge = new Date(windowStart.getTime() + withinDays * DAY_MS);
  // One statement (the overview reads it on every refresh): the counts and the nearest deadlines, both through the partial index.
  const rows = await pool().query<{ open: number; soon: number; expired: number; nearest: { id: string; stripe_event_id: string; type: string; status: EventStatus; stripe_created_at: string }[] }>(
    `SELECT count(*) FILTER (WHERE stripe_created_at >= $1)::int AS open,
            count(*) FILTER (WHERE stripe_created_at >= $1 AND stripe_created_at < $2)::int AS soon,
            count(*) FILTER (WHERE stripe_created_at < $1)::int AS expired,
            (SELECT coalesce(json_agg(n ORDER BY n.stripe_created_at), '[]'::json) FROM (
               SELECT id, stripe_event_id, type, status, stripe_created_at FROM stripe_event
               WHERE ${UNSETTLED} AND origin <> 'repair' AND stripe_created_at >= $1 ORDER BY stripe_created_at LIMIT $3) n) AS nearest
     FROM stripe_event WHERE ${UNSETTLED} AND origin <> 'repair'`,
    [windowStart, soonEdge, options.limit ?? 10],
  );
  const tally = rows.rows[0] ?? { open: 0, soon: 0, expired: 0, nearest: [] };
  return {
    open: tally.open,
    expiringSoon: tally.soon,
    expired: tally.expired,
    withinDays,
    nearest: tally.nearest.map((row) => {
      const deadline = new Date(new Date(row.stripe_created_at).getTime() + EVENTS_WINDOW_DAYS * DAY_MS);
      return { ledgerId: row.id, stripeEventId: row.stripe_event_id, type: row.type, status: row.status, deadline: deadline.toISOString(), msLeft: deadline.getTime() - now.getTime() };
    }),
  };
}

/** The scheduled check: an alert while unsettled events are within HOOKWARDEN_HORIZON_ALERT_DAYS of the horizon. */
export async function alertOnHorizon(now = new Date()): Promise<Horizon> {
  const horizon = await getHorizon({ now, limit: 1 });
  if (horizon.expiringSoon > 0) {
    const first = horizon.nearest[0]!;
    await recordAlert({
      kind: "horizon_near",
      severity: first.msLeft < DAY_MS ? "critical" : "warning",
      subject: null,
      message: `${horizon.expiringSoon} unsettled event(s) pass Stripe's 30-day window within ${horizon.withinDays} days; the first, ${first.stripeEventId}, at ${first.deadline}. Reconcile or decide them before then.`,
      detail: { expiringSoon: horizon.expiringSoon, first: first.stripeEventId, deadline: first.deadline },
    });
  }
  return horizon;
}
