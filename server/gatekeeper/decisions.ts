import { pool, type Sql } from "../db";
import { log } from "../log";

/**
 * What the gatekeeper decides, each with its explanation (which features, their values, the
 * baseline they were compared with, the score). Every decision is a row of `gatekeeper_decision`;
 * the console shows them and `hookwarden detect` prints them as JSON lines.
 */
export const DECISION_KINDS = {
  source_blocked: "A source sent forged or malformed requests past the threshold: it is answered 429, before any signature work, until the block ends.",
  source_outside: "Verified deliveries came from an address outside Stripe's published webhook addresses (monitor mode flags, enforce mode refuses).",
  source_refused: "Requests from an address outside Stripe's published webhook addresses were refused with 403 (enforce mode).",
  anomaly: "Traffic unlike the endpoint's baseline was noticed; on its own it does not trip the breaker.",
  breaker_opened: "The circuit breaker opened: deliveries of the affected event types are recorded and acknowledged, their effects held.",
  breaker_half_open: "The breaker is half-open: held events are released gradually while the gatekeeper watches for a relapse.",
  breaker_closed: "The breaker closed: events are processed as they arrive again.",
  shed_started: "Shed mode: deliveries of the affected types are answered 503 so that Stripe keeps them and retries.",
  shed_ended: "Shed mode ended (released by an operator, or its hard cap was reached: the breaker holds instead).",
  review_opened: "A payment sequence scored above the review threshold: a review item with the sequence as a timeline.",
  customer_held: "A customer's further success events are held until their review item is decided.",
} as const;
export type DecisionKind = keyof typeof DECISION_KINDS;

export type DecisionInput = {
  /** The gatekeeper's clock: the delivery's receive time or the tick's time (virtual under `hookwarden detect`). */
  at: Date;
  endpointId: string | null;
  kind: DecisionKind;
  subject: string;
  summary: string;
  explanation: Record<string, unknown>;
};

const INSERT = `INSERT INTO gatekeeper_decision (at, endpoint_id, kind, subject, summary, explanation) VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING id`;

/** Records one decision (in the caller's transaction when given) and logs its kind and subject, never its evidence's raw values. */
export async function recordDecision(decision: DecisionInput, sql?: Sql): Promise<string> {
  const values = [decision.at, decision.endpointId, decision.kind, decision.subject, decision.summary.slice(0, 500), JSON.stringify(decision.explanation)];
  const rows = sql ? await sql.query<{ id: string }>(INSERT, values) : (await pool().query<{ id: string }>(INSERT, values)).rows;
  log.info("gatekeeper decision", { kind: decision.kind, subject: decision.subject });
  return String(rows[0]!.id);
}
