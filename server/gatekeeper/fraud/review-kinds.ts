/** What a review item is about, in one sentence for the operator. */
export const REVIEW_KINDS = {
  card_testing: "Many attempts, mostly declined, often across many cards or for small amounts: someone checking which stolen cards work.",
  retry_probing: "One payment method or payment intent retried again and again within minutes of its declines: someone probing how retries are handled.",
} as const;
export type ReviewKind = keyof typeof REVIEW_KINDS;

/** `open` until an operator decides: `confirmed` (fraud: held events stay held) or `dismissed` (legitimate: held events are released). */
export const REVIEW_STATUSES = ["open", "confirmed", "dismissed"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
