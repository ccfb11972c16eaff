import { sha256Hex } from "../crypto/cipher";
import { sealAtRest } from "../crypto/keys";
import { pool, type Sql } from "../db";
import { queueMode } from "../env";
import { parseStripeEvent } from "../intake/parse-stripe-event";
import { wakeEmbeddedRunner } from "../queue/embedded-runner";
import type { EventOrigin } from "./event-status";

export type FetchedEventInput = {
  endpointId: string;
  /** The event as Stripe's API returned it (or, for a repair, built from Stripe's current object). */
  event: Record<string, unknown>;
  origin: Exclude<EventOrigin, "delivery">;
  runId: string;
  /** The history line: why it entered the ledger. */
  reason: string;
};

// Like intake's statement, but with no delivery: the event came from Stripe's API, so it
// is confirmed, and a later real delivery of it is counted as a duplicate of this row.
const INSERT_SQL = `
WITH ev AS (
  INSERT INTO stripe_event (
    id, endpoint_id, stripe_event_id, type, api_version, livemode, account, stripe_created_at,
    object_id, object_type, customer_id, status, payload_ciphertext, payload_sha256, payload_size,
    first_received_at, last_received_at, delivery_count, last_delivery_kind, seen_signatures, enqueued_at,
    amount, currency, origin, reconciliation_run_id, confirmed_at
  ) VALUES (
    gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
    now(), now(), 0, 'first', '{}', CASE WHEN $11 = 'queued' THEN now() END,
    $15, $16, $17, $18::uuid, now()
  )
  ON CONFLICT (endpoint_id, stripe_event_id) DO NOTHING
  RETURNING id, status
), history AS (
  INSERT INTO event_status_change (event_id, from_status, to_status, reason, actor)
  SELECT id, NULL, status, $19, 'system' FROM ev
)
SELECT id FROM ev`;

/**
 * Puts an event fetched from Stripe (a missed event) or built from Stripe's current object
 * (a drift repair) into the ledger, to be processed by the normal pipeline. Returns the
 * ledger id, or null when the ledger already has the event (nothing changes then).
 */
export async function recordFetchedEvent(input: FetchedEventInput, sql?: Sql): Promise<string | null> {
  const body = Buffer.from(JSON.stringify(input.event), "utf8");
  const summary = parseStripeEvent(body);
  if (!summary) throw new Error(`Stripe's copy of ${String(input.event.id)} is not an event Hookwarden can read`);
  const status = queueMode() === "embedded" ? "queued" : "received";
  const values = [
    input.endpointId,
    summary.id,
    summary.type,
    summary.apiVersion,
    summary.livemode,
    summary.account,
    summary.created,
    summary.objectId,
    summary.objectType,
    summary.customerId,
    status,
    sealAtRest(body),
    sha256Hex(body),
    body.length,
    summary.amount,
    summary.currency,
    input.origin,
    input.runId,
    input.reason.slice(0, 500),
  ];
  const rows = sql ? await sql.query<{ id: string }>(INSERT_SQL, values) : (await pool().query<{ id: string }>(INSERT_SQL, values)).rows;
  const id = rows[0]?.id ?? null;
  if (id && status === "queued" && !sql) wakeEmbeddedRunner();
  return id;
}
