import type { Sql } from "../db";
import { breakerHoldFor } from "./breaker/breaker-hold-for";
import { reviewHoldFor } from "./fraud/review-hold-for";

/** What processing knows of an event when it asks whether the event must wait. */
export type HoldCandidate = {
  id: string;
  endpointId: string;
  type: string;
  customerId: string | null;
  livemode: boolean;
  /** The Stripe `created` of the event. */
  createdAt: Date;
};

/** Why an event is held: `ref` names the holder (`breaker:<id>`, `review:<id>`), which releases it. */
export type Hold = { ref: string; reason: string };

export type HoldCheck = (sql: Sql, event: HoldCandidate) => Promise<Hold | null>;

/**
 * Every reason an event's effect may be paused, asked in order. A held event is recorded and
 * acknowledged (invariant 1 holds), but its effect waits until its holder releases it:
 * an open circuit breaker for its type, or an open fraud review of its customer.
 */
const HOLD_CHECKS: HoldCheck[] = [breakerHoldFor, reviewHoldFor];

/** The first hold that applies to the event, or null when it may be processed now. */
export async function holdFor(sql: Sql, event: HoldCandidate): Promise<Hold | null> {
  for (const check of HOLD_CHECKS) {
    const hold = await check(sql, event);
    if (hold) return hold;
  }
  return null;
}
