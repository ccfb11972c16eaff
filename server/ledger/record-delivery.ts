import { createHash } from "node:crypto";
import { pool } from "../db";
import type { StripeEventSummary } from "../intake/parse-stripe-event";
import type { DeliveryKind, EventStatus } from "./event-status";

export type RecordDeliveryInput = {
  endpointId: string;
  event: StripeEventSummary;
  payloadCiphertext: Uint8Array;
  payloadSha256: string;
  payloadSize: number;
  receivedAt: Date;
  signatureTimestamp: number;
  matchedSignature: string;
  matchedSecretId: string;
  sourceIp: string | null;
  /** `queued` when the ledger itself is the queue (embedded runner), `received` when Inngest must be told. */
  initialStatus: Extract<EventStatus, "received" | "queued">;
};

export type RecordedDelivery = {
  eventId: string;
  status: EventStatus;
  kind: DeliveryKind;
  deliveryCount: number;
  duplicate: boolean;
};

/** Distinguishes a replay (same `t` and `v1` seen before) from a retry (new `t`). */
export function signatureDigest(signatureTimestamp: number, signature: string): string {
  return createHash("sha256").update(`${signatureTimestamp}:${signature}`).digest("hex").slice(0, 24);
}

/** Replays beyond this many distinct signatures of one event are counted as retries. */
const MAX_SEEN_SIGNATURES = 64;

// One statement, one round trip, atomic: the event row (unique per endpoint and
// Stripe id) and the delivery row commit together or not at all. ON CONFLICT DO
// UPDATE takes the event's row lock, so concurrent deliveries of one event are
// serialised on it and each sees the previous one's signatures: exactly one is
// `first`, and a repeat of an earlier (t, v1) is a `replay` whatever the timing.
// Triggers count the delivery in its minute and the new event in its status, in this
// same transaction (the console's rollups, see the console_query_indexes migration).
const RECORD_SQL = `
WITH ev AS (
  INSERT INTO stripe_event AS e (
    id, endpoint_id, stripe_event_id, type, api_version, livemode, account, stripe_created_at,
    object_id, object_type, customer_id, status, payload_ciphertext, payload_sha256, payload_size,
    first_received_at, last_received_at, delivery_count, last_delivery_kind, seen_signatures, enqueued_at,
    amount, currency
  ) VALUES (
    gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7,
    $8, $9, $10, $11, $12, $13, $14,
    $15, $15, 1, 'first', ARRAY[$16::text], CASE WHEN $11 = 'queued' THEN $15::timestamptz END,
    $20, $21
  )
  ON CONFLICT (endpoint_id, stripe_event_id) DO UPDATE SET
    delivery_count = e.delivery_count + 1,
    last_received_at = GREATEST(e.last_received_at, EXCLUDED.last_received_at),
    last_delivery_kind = CASE WHEN $16::text = ANY(e.seen_signatures) THEN 'replay' ELSE 'retry' END,
    seen_signatures = CASE
      WHEN $16::text = ANY(e.seen_signatures) OR cardinality(e.seen_signatures) >= ${MAX_SEEN_SIGNATURES}
      THEN e.seen_signatures ELSE array_append(e.seen_signatures, $16::text) END
  RETURNING e.id, e.status, e.last_delivery_kind, e.delivery_count
), delivered AS (
  INSERT INTO delivery (event_id, endpoint_id, received_at, signature_timestamp, source_ip, matched_secret_id, kind, verdict)
  SELECT ev.id, $1, $15, to_timestamp($17), $18, $19, ev.last_delivery_kind,
         CASE WHEN ev.last_delivery_kind = 'first' THEN 'accepted' ELSE 'duplicate' END
  FROM ev
  RETURNING id
), history AS (
  INSERT INTO event_status_change (event_id, from_status, to_status, reason, actor, at)
  SELECT ev.id, NULL, $11, 'first delivery recorded', 'system', $15 FROM ev WHERE ev.last_delivery_kind = 'first'
)
SELECT ev.id, ev.status, ev.last_delivery_kind, ev.delivery_count FROM ev, delivered`;

/**
 * Durably records one verified delivery: creates the event on its first delivery
 * and adds a delivery row every time. Nothing is acknowledged before this commits
 * (invariant 1); a duplicate never creates a second event.
 */
export async function recordDelivery(input: RecordDeliveryInput): Promise<RecordedDelivery> {
  const { event } = input;
  const result = await pool().query<{ id: string; status: EventStatus; last_delivery_kind: DeliveryKind; delivery_count: number }>({
    name: "hookwarden_record_delivery",
    text: RECORD_SQL,
    values: [
      input.endpointId,
      event.id,
      event.type,
      event.apiVersion,
      event.livemode,
      event.account,
      event.created,
      event.objectId,
      event.objectType,
      event.customerId,
      input.initialStatus,
      input.payloadCiphertext,
      input.payloadSha256,
      input.payloadSize,
      input.receivedAt,
      signatureDigest(input.signatureTimestamp, input.matchedSignature),
      input.signatureTimestamp,
      input.sourceIp,
      input.matchedSecretId,
      event.amount,
      event.currency,
    ],
  });
  const row = result.rows[0];
  if (!row) throw new Error("record delivery returned no row");
  return {
    eventId: row.id,
    status: row.status,
    kind: row.last_delivery_kind,
    deliveryCount: row.delivery_count,
    duplicate: row.last_delivery_kind !== "first",
  };
}
