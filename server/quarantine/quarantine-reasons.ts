/** Why an event was quarantined; each comes with expected-vs-received evidence. */
export const QUARANTINE_REASONS = {
  unknown_reference: "The event names a reference that no registered payment has.",
  amount_mismatch: "The amount differs from the registered payment's amount (for subscription billing: the invoice's amount due).",
  currency_mismatch: "The currency differs from the registered payment's currency (or the invoice's).",
  customer_mismatch: "The customer differs from the one the payment was registered for (or the invoice's, or the subscription's).",
  expired_reference: "The registered payment had expired when Stripe created this event.",
  duplicate_payment: "The registered payment was already paid by a different payment.",
  missing_reference: "A payment event carries no reference and nothing linked it to a registered payment in time.",
  unconfirmed_by_stripe: "Stripe's API does not know this event, or its object there differs materially from the one delivered: it may be signed with a leaked secret.",
  fraud_confirmed: "A fraud review held this success event, an operator confirmed the review as fraud and rejected the event.",
} as const;
export type QuarantineReason = keyof typeof QUARANTINE_REASONS;

/** What releasing an event of each reason does to the books (release applies it once, as Stripe sent it, without the cross-check). */
export const QUARANTINE_RELEASE_EFFECTS = {
  unknown_reference: "Release records the payment without a registered payment to match it to.",
  amount_mismatch: "Release books the amount Stripe reports, not the registered one.",
  currency_mismatch: "Release books the payment in the currency Stripe reports.",
  customer_mismatch: "Release credits the payment to the registered payment even though the customer differs.",
  expired_reference: "Release marks the expired registered payment as paid.",
  duplicate_payment: "Release counts a second payment against an order already paid: consider a refund instead.",
  missing_reference: "Release applies the payment with no registered payment linked to it.",
  unconfirmed_by_stripe: "Release applies the event as delivered, although Stripe does not confirm it: only if you know why it differs.",
  fraud_confirmed: "Such an event is rejected when it enters quarantine: it cannot be released (refund or dispute it in Stripe).",
} as const satisfies Record<QuarantineReason, string>;

export type Evidence = { field: string; expected: unknown; received: unknown }[];

export const QUARANTINE_ITEM_STATUSES = ["open", "released", "rejected"] as const;
