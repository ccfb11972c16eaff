import { z } from "zod";
import type { AuditContext } from "../audit/audit-actor";
import { openAtRest } from "../crypto/keys";
import { pool } from "../db";
import { AppError, invalidInput } from "../errors";
import type { EventStatus } from "../ledger/event-status";
import { findLedgerEventOrThrow, type EventRef } from "../ledger/find-ledger-event-or-throw";
import type { StripeObject } from "../processing/handler-types";
import { processLedgerEvent, RECONCILABLE, type ProcessOutcome } from "../processing/process-ledger-event";
import { DECISION_REASON_MAX_LENGTH, DECISION_REASON_MIN_LENGTH } from "../quarantine/decision-reason";
import type { Evidence } from "../quarantine/quarantine-reasons";
import { StripeNotFoundError } from "../stripe-api/stripe-api";
import { stripeApiForEndpoint } from "../stripe-api/stripe-api-for-endpoint";
import { canFetch, fetchStripeObject } from "./fetch-stripe-object";
import { materialDifferences, materialFacts } from "./material-facts";
import { fetchStripeEvent } from "./source-of-truth";

export type EventComparison = {
  stripeEventId: string;
  status: EventStatus;
  /** False when Stripe's API does not know the event (forged, or older than 30 days). */
  stripeKnows: boolean;
  /** Material fields of the delivered object, Stripe's copy of the event, and the object as Stripe holds it now. */
  delivered: Record<string, unknown> | null;
  stripeCopy: Record<string, unknown> | null;
  current: Record<string, unknown> | null;
  /** Delivered vs Stripe's copy (expected: Stripe's). Empty when they agree. */
  differences: Evidence;
  /** Stripe's copy vs the object now: how it moved on since the event. */
  changedSince: Evidence;
  /** Whether "apply" is possible: Stripe knows the event and its status allows it. */
  canApply: boolean;
  requestIds: string[];
};

/**
 * Fetches an event and its object from Stripe and compares them with what was delivered:
 * the first half of the event page's Reconcile button. Changes nothing.
 */
export async function compareEventWithStripe(ref: EventRef): Promise<EventComparison> {
  const found = await findLedgerEventOrThrow(ref);
  const row = (
    await pool().query<{ endpoint_id: string; payload_ciphertext: Buffer | null; masked_payload: unknown }>(`SELECT endpoint_id, payload_ciphertext, masked_payload FROM stripe_event WHERE id = $1::uuid`, [found.id])
  ).rows[0]!;
  const api = await stripeApiForEndpoint(row.endpoint_id);
  if (!api) throw new AppError("conflict", "This event's endpoint has no Stripe API key, so Hookwarden cannot ask Stripe about it.");
  // A payload removed by retention or an erasure is compared through its masked copy: ids, amounts and statuses survive masking.
  const payload = (row.payload_ciphertext === null ? (row.masked_payload ?? {}) : JSON.parse(openAtRest(row.payload_ciphertext).toString("utf8"))) as { data?: { object?: StripeObject } };
  const delivered = payload.data?.object ?? null;
  const base = { stripeEventId: found.stripeEventId, status: found.status, delivered: delivered && materialFacts(delivered) };
  let copy: StripeObject;
  try {
    copy = (await fetchStripeEvent(api, found.stripeEventId)).data.object;
  } catch (error) {
    if (!(error instanceof StripeNotFoundError)) throw error;
    return { ...base, stripeKnows: false, stripeCopy: null, current: null, differences: [], changedSince: [], canApply: false, requestIds: error.requestId ? [error.requestId] : [] };
  }
  const current = copy.id && copy.object && canFetch(copy.object) ? await fetchStripeObject(api, copy.object, copy.id).catch(() => null) : null;
  return {
    ...base,
    stripeKnows: true,
    stripeCopy: materialFacts(copy),
    current: current && materialFacts(current),
    differences: delivered ? materialDifferences(copy, delivered) : [{ field: "data.object", expected: "an object", received: null }],
    changedSince: current ? materialDifferences(current, copy) : [],
    canApply: RECONCILABLE.includes(found.status),
    requestIds: [],
  };
}

export const ReconcileEventSchema = z.object({
  reason: z
    .string({ error: "A reason is required" })
    .trim()
    .min(1, "A reason is required")
    .min(DECISION_REASON_MIN_LENGTH, `A reason of at least ${DECISION_REASON_MIN_LENGTH} characters is required`)
    .max(DECISION_REASON_MAX_LENGTH),
});

/**
 * The second half: processes the event with Stripe's copy of it instead of the delivered
 * one (from failed, dead, ignored, held or quarantined), through the normal handler and
 * its cross-checks; audited. A processed event is refused: its effect is already applied.
 */
export async function reconcileEvent(ref: EventRef, input: unknown, audit: AuditContext): Promise<ProcessOutcome> {
  const parsed = ReconcileEventSchema.safeParse(input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const event = await findLedgerEventOrThrow(ref);
  if (!RECONCILABLE.includes(event.status)) {
    throw new AppError("conflict", `Event ${event.stripeEventId} is ${event.status}; Stripe's copy can be applied to ${RECONCILABLE.join(", ")} events only.`);
  }
  const endpoint = (await pool().query<{ endpoint_id: string }>(`SELECT endpoint_id FROM stripe_event WHERE id = $1::uuid`, [event.id])).rows[0]!;
  const api = await stripeApiForEndpoint(endpoint.endpoint_id);
  if (!api) throw new AppError("conflict", "This event's endpoint has no Stripe API key, so Hookwarden cannot fetch Stripe's copy.");
  // Ask first, so an event Stripe does not know stays as it is instead of failing in processing.
  try {
    await fetchStripeEvent(api, event.stripeEventId);
  } catch (error) {
    if (error instanceof StripeNotFoundError) throw new AppError("conflict", `Stripe does not know ${event.stripeEventId} (forged, or older than 30 days): there is no copy to apply.`);
    throw error;
  }
  const result = await processLedgerEvent(event.id, {
    reconcile: { reason: `reconciled by an operator: ${parsed.data.reason}` },
    audit: { context: audit, action: "events.reconcile", subject: `event:${event.stripeEventId}` },
  });
  if (result.outcome === "skipped") throw new AppError("conflict", `Event ${event.stripeEventId} changed meanwhile; nothing was applied.`);
  return result;
}
