import type { Sql } from "../../db";
import type { Hold, HoldCandidate } from "../holds";
import { HOLDING_STATES } from "./breaker-states";

/** The endpoint's open or half-open breaker, when the event's type is one it holds. */
export async function breakerHoldFor(sql: Sql, event: HoldCandidate): Promise<Hold | null> {
  const rows = await sql.query<{ id: string; state: string; reason: string }>(
    `SELECT id, state, reason FROM circuit_breaker WHERE endpoint_id = $1::uuid AND state = ANY($2::text[]) AND $3 = ANY(event_types)`,
    [event.endpointId, HOLDING_STATES, event.type],
  );
  const breaker = rows[0];
  if (!breaker) return null;
  return { ref: `breaker:${breaker.id}`, reason: `held by the circuit breaker (${breaker.state.replace("_", "-")}): ${breaker.reason}` };
}
