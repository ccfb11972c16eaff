/** Why an event was quarantined; each comes with expected-vs-received evidence. */
export const QUARANTINE_REASONS = {
  unknown_reference: "The event names a reference that no registered payment has.",
  amount_mismatch: "The amount differs from the registered payment's amount (for subscription billing: the invoice's amount due).",
  currency_mismatch: "The currency differs from the registered payment's currency (or the invoice's).",
  customer_mismatch: "The customer differs from the one the payment was registered for (or the invoice's, or the subscription's).",
  expired_reference: "The registered payment had expired when Stripe created this event.",
  duplicate_payment: "The registered payment was already paid by a different payment.",
  missing_reference: "A payment event carries no reference and nothing linked it to a registered payment in time.",
} as const;
export type QuarantineReason = keyof typeof QUARANTINE_REASONS;

export type Evidence = { field: string; expected: unknown; received: unknown }[];

export const QUARANTINE_ITEM_STATUSES = ["open", "released", "rejected"] as const;
