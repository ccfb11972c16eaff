/**
 * The statuses of a Stripe event in the ledger and the kinds of delivery.
 * Every other file imports these names from here.
 */
export const EVENT_STATUSES = [
  "received",
  "queued",
  "processing",
  "processed",
  "awaiting_link",
  "quarantined",
  "held",
  "failed",
  "dead",
  "ignored",
] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** The queue: events that processing still owes work, as opposed to settled ones or deliberate waits (`awaiting_link`, `held`). */
export const QUEUE_STATUSES = ["received", "queued", "processing", "failed"] as const satisfies readonly EventStatus[];

/**
 * Events whose outcome is not settled: Stripe's copy is still the evidence an operator
 * may need, and Stripe's events API forgets it 30 days after `created` (the horizon).
 * The partial index stripe_event_horizon_idx (reconciliation migration) lists the same.
 */
export const UNRECONCILED_STATUSES = ["received", "queued", "processing", "failed", "dead", "quarantined", "awaiting_link", "held"] as const satisfies readonly EventStatus[];

/** How an event reached the ledger: Stripe delivered it, a missed-event recovery fetched it, or a drift repair built it from Stripe's current object. */
export const EVENT_ORIGINS = ["delivery", "recovered", "repair"] as const;
export type EventOrigin = (typeof EVENT_ORIGINS)[number];

/** `first` created the event; `retry` is the same event with a new signature timestamp; `replay` repeats an earlier `t` and `v1`. */
export const DELIVERY_KINDS = ["first", "retry", "replay"] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

export const DELIVERY_VERDICTS = { first: "accepted", duplicate: "duplicate" } as const;

/** Why an intake request was refused; these are also the `error.code` values of the 4xx answers. */
export const REJECTION_REASONS = [
  "header_missing",
  "header_malformed",
  "signature_mismatch",
  "timestamp_outside_tolerance",
  "payload_invalid",
  "payload_too_large",
  "payload_incomplete",
  "endpoint_not_found",
  "source_not_allowed",
  "source_blocked",
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];
