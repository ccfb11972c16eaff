import { Prisma } from "../../generated/prisma/client";
import { prisma } from "../db";
import { AppError } from "../errors";
import { QUARANTINE_REASONS, type Evidence, type QuarantineReason } from "../quarantine/quarantine-reasons";
import type { DeliveryKind, EventOrigin, EventStatus } from "./event-status";

/** An event page shows at most this many deliveries (the latest) and status changes (the latest). */
export const STORY_DELIVERIES = 100;
export const STORY_CHANGES = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type EventStory = {
  event: {
    id: string;
    stripeEventId: string;
    type: string;
    status: EventStatus;
    endpoint: string;
    livemode: boolean;
    apiVersion: string | null;
    account: string | null;
    objectId: string | null;
    objectType: string | null;
    customerId: string | null;
    amount: number | null;
    currency: string | null;
    stripeCreatedAt: string;
    firstReceivedAt: string;
    lastReceivedAt: string;
    processedAt: string | null;
    deliveryCount: number;
    attempts: number;
    lastError: string | null;
    nextAttemptAt: string | null;
    /** While `awaiting_link`: the object whose link would settle it, and until when it waits. */
    awaitingObjectId: string | null;
    linkDeadline: string | null;
    /** Delivered by Stripe, recovered from Stripe's API by a run, or a repair built from Stripe's current object by a run. */
    origin: EventOrigin;
    /** The reconciliation run that recovered or repaired it. */
    reconciliationRunId: string | null;
    /** When Stripe's API vouched for it (confirm with source, a fetch, or a recovery); null: not asked. */
    confirmedAt: string | null;
  };
  /** Oldest first; the latest STORY_DELIVERIES when there are more (`deliveryCount` has them all). */
  deliveries: {
    receivedAt: string;
    /** When the row was written; null for deliveries recorded before this was measured. */
    recordedAt: string | null;
    signatureTimestamp: string;
    sourceIp: string | null;
    /** The signing secret that verified it: fingerprint and label, never the secret. */
    matchedSecret: { fingerprint: string; label: string | null } | null;
    kind: DeliveryKind;
    verdict: string;
  }[];
  deliveriesOmitted: number;
  /** Every status change with its reason, oldest first (the latest STORY_CHANGES). */
  history: { from: EventStatus | null; to: EventStatus; reason: string; actor: string; at: string }[];
  quarantine: {
    reason: QuarantineReason;
    explanation: string;
    subject: string | null;
    evidence: Evidence;
    status: string;
    decidedBy: string | null;
    decidedAt: string | null;
    decisionReason: string | null;
    createdAt: string;
  } | null;
  /** What processing changed in the books (at most one per event). */
  effect: { kind: string; subject: string | null; summary: string; detail: unknown; appliedAt: string } | null;
  /** The registered payment the event's object is linked to. */
  payment: { reference: string; status: string; amount: number; currency: string } | null;
};

type StoryRow = {
  id: string;
  stripe_event_id: string;
  type: string;
  status: EventStatus;
  endpoint: string;
  livemode: boolean;
  api_version: string | null;
  account: string | null;
  object_id: string | null;
  object_type: string | null;
  customer_id: string | null;
  amount: bigint | null;
  currency: string | null;
  stripe_created_at: Date;
  first_received_at: Date;
  last_received_at: Date;
  processed_at: Date | null;
  delivery_count: number;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  awaiting_object_id: string | null;
  link_deadline: Date | null;
  origin: EventOrigin;
  reconciliation_run_id: string | null;
  confirmed_at: Date | null;
  deliveries: { received_at: string; recorded_at: string | null; signature_timestamp: string; source_ip: string | null; fingerprint: string | null; label: string | null; kind: DeliveryKind; verdict: string }[];
  history: { from_status: EventStatus | null; to_status: EventStatus; reason: string; actor: string; at: string }[];
  quarantine: { reason: QuarantineReason; subject: string | null; evidence: Evidence; status: string; decided_by: string | null; decided_at: string | null; decision_reason: string | null; created_at: string } | null;
  effect: { kind: string; subject: string | null; summary: string; detail: unknown; applied_at: string } | null;
  payment: { reference: string; status: string; amount: number; currency: string } | null;
};

const iso = (value: string | Date) => new Date(value).toISOString();
const isoOrNull = (value: string | Date | null) => (value === null ? null : iso(value));

/**
 * Everything the event page shows, in one statement and one round trip: the event, its
 * deliveries (time, source address, matched secret, first/retry/replay), its status changes
 * with their reasons, its quarantine evidence and decision, its effect on the books, and the
 * registered payment it belongs to. Each part is read through the event's key, so the cost
 * does not depend on the ledger's size. Never the payload.
 *
 * `id` is the ledger id or the Stripe event id; the same Stripe id can exist under two
 * endpoints, and then the caller must name the endpoint.
 */
export async function getEventStoryOrThrow(id: string, endpointName?: string): Promise<EventStory> {
  const match = UUID.test(id) ? Prisma.sql`e.id = ${id}::uuid` : Prisma.sql`e.stripe_event_id = ${id}`;
  const onEndpoint = endpointName ? Prisma.sql`AND ep.name = ${endpointName}` : Prisma.empty;
  const rows = await prisma().$queryRaw<StoryRow[]>`
    SELECT e.id, e.stripe_event_id, e.type, e.status, ep.name AS endpoint, e.livemode, e.api_version, e.account,
      e.object_id, e.object_type, e.customer_id, e.amount, e.currency, e.stripe_created_at, e.first_received_at,
      e.last_received_at, e.processed_at, e.delivery_count, e.attempts, e.last_error, e.next_attempt_at,
      e.awaiting_object_id, e.link_deadline, e.origin, e.reconciliation_run_id, e.confirmed_at,
      (SELECT coalesce(json_agg(d ORDER BY d.received_at, d.id), '[]'::json) FROM (
         SELECT d.id, d.received_at, d.recorded_at, d.signature_timestamp, d.source_ip, s.fingerprint, s.label, d.kind, d.verdict
         FROM delivery d LEFT JOIN signing_secret s ON s.id = d.matched_secret_id
         WHERE d.event_id = e.id ORDER BY d.received_at DESC, d.id DESC LIMIT ${STORY_DELIVERIES}) d) AS deliveries,
      (SELECT coalesce(json_agg(c ORDER BY c.at, c.id), '[]'::json) FROM (
         SELECT c.id, c.from_status, c.to_status, c.reason, c.actor, c.at FROM event_status_change c
         WHERE c.event_id = e.id ORDER BY c.at DESC, c.id DESC LIMIT ${STORY_CHANGES}) c) AS history,
      (SELECT row_to_json(q) FROM (
         SELECT q.reason, q.subject, q.evidence, q.status, q.decided_by, q.decided_at, q.decision_reason, q.created_at
         FROM quarantine_item q WHERE q.event_id = e.id) q) AS quarantine,
      (SELECT row_to_json(f) FROM (
         SELECT f.kind, f.subject, f.summary, f.detail, f.applied_at FROM effect f WHERE f.event_id = e.id) f) AS effect,
      (SELECT row_to_json(p) FROM (
         SELECT t.reference, t.status, t.amount, t.currency FROM transaction_link l
         JOIN payment_transaction t ON t.id = l.transaction_id WHERE l.object_id = e.object_id) p) AS payment
    FROM stripe_event e JOIN endpoint ep ON ep.id = e.endpoint_id
    WHERE ${match} ${onEndpoint}
    LIMIT 2`;
  const row = rows[0];
  if (!row) throw new AppError("not_found", `No event ${id} in the ledger.`);
  if (rows.length > 1) throw new AppError("ambiguous", `Event ${id} was received on several endpoints; name the endpoint.`);
  return {
    event: {
      id: row.id,
      stripeEventId: row.stripe_event_id,
      type: row.type,
      status: row.status,
      endpoint: row.endpoint,
      livemode: row.livemode,
      apiVersion: row.api_version,
      account: row.account,
      objectId: row.object_id,
      objectType: row.object_type,
      customerId: row.customer_id,
      amount: row.amount === null ? null : Number(row.amount),
      currency: row.currency,
      stripeCreatedAt: iso(row.stripe_created_at),
      firstReceivedAt: iso(row.first_received_at),
      lastReceivedAt: iso(row.last_received_at),
      processedAt: isoOrNull(row.processed_at),
      deliveryCount: row.delivery_count,
      attempts: row.attempts,
      lastError: row.last_error,
      nextAttemptAt: isoOrNull(row.next_attempt_at),
      awaitingObjectId: row.awaiting_object_id,
      linkDeadline: isoOrNull(row.link_deadline),
      origin: row.origin,
      reconciliationRunId: row.reconciliation_run_id,
      confirmedAt: isoOrNull(row.confirmed_at),
    },
    deliveries: row.deliveries.map((delivery) => ({
      receivedAt: iso(delivery.received_at),
      recordedAt: isoOrNull(delivery.recorded_at),
      signatureTimestamp: iso(delivery.signature_timestamp),
      sourceIp: delivery.source_ip,
      matchedSecret: delivery.fingerprint ? { fingerprint: delivery.fingerprint, label: delivery.label } : null,
      kind: delivery.kind,
      verdict: delivery.verdict,
    })),
    deliveriesOmitted: Math.max(0, row.delivery_count - row.deliveries.length),
    history: row.history.map((change) => ({ from: change.from_status, to: change.to_status, reason: change.reason, actor: change.actor, at: iso(change.at) })),
    quarantine: row.quarantine
      ? {
          reason: row.quarantine.reason,
          explanation: QUARANTINE_REASONS[row.quarantine.reason] ?? row.quarantine.reason,
          subject: row.quarantine.subject,
          evidence: row.quarantine.evidence,
          status: row.quarantine.status,
          decidedBy: row.quarantine.decided_by,
          decidedAt: isoOrNull(row.quarantine.decided_at),
          decisionReason: row.quarantine.decision_reason,
          createdAt: iso(row.quarantine.created_at),
        }
      : null,
    effect: row.effect ? { kind: row.effect.kind, subject: row.effect.subject, summary: row.effect.summary, detail: row.effect.detail, appliedAt: iso(row.effect.applied_at) } : null,
    payment: row.payment,
  };
}
